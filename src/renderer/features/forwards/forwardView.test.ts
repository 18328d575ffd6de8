import { describe, expect, it } from 'vitest';
import type { ForwardStatus } from '../../../shared/contract';
import { validateForwardSpec } from '../../../shared/domain/forward';
import { connectionErrorText, forwardState, viaText } from './forwardView';

function stopped(contextMissing?: boolean): ForwardStatus {
  const v = validateForwardSpec({ name: 'api', context: 'kind-team', target: 'svc/api', remotePort: 80 });
  if (!v.ok) throw new Error('fixture invalid');
  return {
    spec: v.spec,
    state: 'Stopped',
    reason: null,
    problem: null,
    since: 0,
    localPort: null,
    pod: null,
    restarts: 0,
    attempt: 0,
    nextRetryAt: null,
    lastProbeAt: null,
    traffic: { bytesIn: 0, bytesOut: 0, openConnections: 0, totalConnections: 0, heldConnections: 0 },
    ...(contextMissing === undefined ? {} : { contextMissing }),
  };
}

describe('forwardState', () => {
  it('says a stopped forward whose context is missing cannot start until a context is picked', () => {
    expect(forwardState(stopped(true))).toEqual({
      label: 'Stopped',
      tone: 'Off',
      reason: 'Context "kind-team" is not in your kubeconfig: edit the forward to pick one of yours',
    });
    expect(forwardState(stopped()).reason).toBeNull();
  });
});

describe('viaText', () => {
  it('names what carries a running forward, and nothing while no tunnel is up', () => {
    expect(viaText({ protocol: 'spdy-websocket' })?.label).toBe('SPDY/WS');
    expect(viaText({ protocol: 'spdy' })?.label).toBe('SPDY');
    expect(viaText({ protocol: 'websocket' })?.label).toBe('WebSocket');
    for (const p of ['spdy-websocket', 'spdy', 'websocket'] as const)
      expect(viaText({ protocol: p })?.title).toMatch(/no kubectl/);
    expect(viaText({ protocol: 'kubectl' })?.label).toBe('kubectl');
    expect(viaText({ protocol: null })).toBeNull();
    expect(viaText({})).toBeNull();
  });

  it('a fallback protocol carries the refusals of the better ones in its title and note', () => {
    const via = viaText({ protocol: 'spdy', protocolNote: 'cannot get resource "pods/portforward" (403)' });
    expect(via?.note).toBe('cannot get resource "pods/portforward" (403)');
    expect(via?.title).toMatch(/no kubectl\)\. Better protocols refused — cannot get resource/);
    expect(viaText({ protocol: 'spdy-websocket', protocolNote: null })?.note).toBeNull();
    expect(viaText({ protocol: 'kubectl', protocolNote: 'stale' })?.note).toBeNull();
  });
});

describe('connectionErrorText', () => {
  const refused = { message: 'dial tcp 127.0.0.1:7000: connect: connection refused', at: 100_000 };

  it('an Active forward shows its last refused connection with how long ago', () => {
    expect(connectionErrorText({ state: 'Active', lastConnectionError: refused }, 112_000)).toBe(
      'Last connection failed 12 s ago: dial tcp 127.0.0.1:7000: connect: connection refused',
    );
  });

  it('nothing when there was none, when stopped, or when the forward already says why it is down', () => {
    expect(connectionErrorText({ state: 'Active', lastConnectionError: null }, 0)).toBeNull();
    expect(connectionErrorText({ state: 'Active' }, 0)).toBeNull();
    for (const state of ['Stopped', 'Reconnecting', 'Failed'] as const)
      expect(connectionErrorText({ state, lastConnectionError: refused }, 112_000)).toBeNull();
  });
});
