import { describe, expect, it } from 'vitest';
import { silentLogger } from '../app/log';
import { TunnelStartError, type Tunnel } from './kubectlTunnel';
import { tcpDialer } from './tunnel/dialer';
import { carrierFor, startFailed, withKubectlFallback } from './tunnelLaunch';

const tunnel = (port: number): Tunnel => ({
  dialer: tcpDialer(port),
  exited: false,
  stop: () => Promise.resolve(),
});
const nativeTunnel = tunnel(1);
const kubectlTunnel = tunnel(2);

describe('carrierFor', () => {
  it("the forward's own choice wins over the engine's", () => {
    expect(carrierFor('kubectl', 'native', true)).toBe('kubectl');
    expect(carrierFor('native', 'kubectl', true)).toBe('native');
  });

  it("no choice of its own: the engine's, and kubectl when the engine says nothing", () => {
    expect(carrierFor(undefined, 'native', true)).toBe('native');
    expect(carrierFor(undefined, undefined, true)).toBe('kubectl');
  });

  it('native asked for but no native runtime: kubectl', () => {
    expect(carrierFor('native', 'native', false)).toBe('kubectl');
  });
});

describe('withKubectlFallback', () => {
  it('native starts: kubectl is never run', async () => {
    let kubectlRuns = 0;
    const t = await withKubectlFallback(
      () => Promise.resolve(nativeTunnel),
      () => (kubectlRuns++, Promise.resolve(kubectlTunnel)),
      silentLogger,
      'f',
    );
    expect(t).toBe(nativeTunnel);
    expect(kubectlRuns).toBe(0);
  });

  it('every native protocol refused as a protocol: kubectl carries the forward', async () => {
    const t = await withKubectlFallback(
      () => Promise.reject(new TunnelStartError('spdy/ws: 400; spdy: 400; websocket: 400', true)),
      () => Promise.resolve(kubectlTunnel),
      silentLogger,
      'f',
    );
    expect(t).toBe(kubectlTunnel);
  });

  it('kubectl fails too: the error names the native refusals and kubectl’s', async () => {
    const run = withKubectlFallback(
      () => Promise.reject(new TunnelStartError('spdy/ws: 400', true)),
      () => Promise.reject(new Error('kubectl not found')),
      silentLogger,
      'f',
    );
    await expect(run).rejects.toThrow(new TunnelStartError('spdy/ws: 400; kubectl: kubectl not found'));
    await expect(run).rejects.toBeInstanceOf(TunnelStartError);
  });

  it('rejected credentials or a gone pod (not a refused upgrade): no kubectl, the native error stands', async () => {
    let kubectlRuns = 0;
    const kubectl = () => (kubectlRuns++, Promise.resolve(kubectlTunnel));
    await expect(
      withKubectlFallback(
        () => Promise.reject(new TunnelStartError('401 Unauthorized')),
        kubectl,
        silentLogger,
        'f',
      ),
    ).rejects.toThrow('401 Unauthorized');
    await expect(
      withKubectlFallback(() => Promise.reject(new Error('no client')), kubectl, silentLogger, 'f'),
    ).rejects.toThrow('no client');
    expect(kubectlRuns).toBe(0);
  });
});

describe('startFailed', () => {
  const native = { engine: () => 'native' as const, native: {} as never };

  it("a native tunnel's refusal is said in its own words; kubectl's is marked as kubectl's", () => {
    expect(startFailed(native, {}, new TunnelStartError('pod gone (404)'))).toEqual({
      type: 'tunnel-start-failed',
      message: 'pod gone (404)',
      native: true,
      forbidden: false,
    });
    expect(startFailed({}, {}, new Error('kubectl not found')).native).toBe(false);
    expect(startFailed(native, { forwardEngine: 'kubectl' }, new Error('x')).native).toBe(false);
  });

  it('RBAC refusing every protocol is marked forbidden; anything else is not', () => {
    expect(startFailed(native, {}, new TunnelStartError('403 each', false, true)).forbidden).toBe(true);
    expect(startFailed(native, {}, new Error('403')).forbidden).toBe(false);
    expect(startFailed(native, {}, 'a string').message).toBe('a string');
  });
});
