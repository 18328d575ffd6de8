import { describe, expect, it } from 'vitest';
import { ForwardStatusSchema, type ForwardStatus } from '../../../shared/contract';
import { ForwardDraftSchema } from '../../../shared/domain/forward';
import { forwardTable, pickForwards } from './forward';

function status(id: string, name: string, patch: Partial<ForwardStatus> = {}): ForwardStatus {
  const spec = ForwardDraftSchema.parse({
    id,
    name,
    context: 'dev',
    namespace: 'shop',
    target: 'svc/web',
    remotePort: 80,
  });
  return ForwardStatusSchema.parse({
    spec,
    state: 'Stopped',
    reason: null,
    problem: null,
    since: 0,
    localPort: null,
    pod: null,
    restarts: 0,
    lastProbeAt: null,
    traffic: { bytesIn: 0, bytesOut: 0, openConnections: 0, totalConnections: 0, heldConnections: 0 },
    ...patch,
  });
}

describe('tether forward: names and the table', () => {
  const list = [
    status('fwd-shop-web-1', 'shop-web'),
    status('fwd-a-1', 'api'),
    status('fwd-a-2', 'api'),
    status('fwd-degraded-echo-with-a-really-long-alias-n-07989b9b69285a55', 'Echo'),
  ];

  it('finds forwards by id or by name (exact, then ignoring case)', () => {
    expect(pickForwards(list, ['shop-web', 'fwd-a-2', 'echo']).found.map((f) => f.spec.id)).toEqual([
      'fwd-shop-web-1',
      'fwd-a-2',
      'fwd-degraded-echo-with-a-really-long-alias-n-07989b9b69285a55',
    ]);
  });

  it('a name two forwards share is refused with their ids; an unknown one says so', () => {
    const r = pickForwards(list, ['api', 'nope']);
    expect(r.found).toEqual([]);
    expect(r.errors).toEqual([
      'api: 2 forwards have this name; give one of their ids: fwd-a-1, fwd-a-2',
      'nope: No forward with id or name "nope" (see `tether forward list`).',
    ]);
  });

  it('the table has a header row, aligned columns whatever the id length, and kubectl’s svc/', () => {
    const lines = forwardTable(list);
    expect(lines[0]).toMatch(/^NAME\s+ID\s+STATE\s+LOCAL\s+TARGET\s+VIA$/);
    const stateAt = lines[0]!.indexOf('STATE');
    for (const l of lines.slice(1)) expect(l.slice(stateAt, stateAt + 7)).toBe('Stopped');
    expect(lines[1]).toContain('dev/shop svc/web:80');
    expect(lines.join('\n')).not.toContain('service/');
    // No tunnel is up for a stopped forward: VIA says so rather than guess.
    expect(lines[1]).toMatch(/svc\/web:80\s+-$/);
  });

  it('VIA names what carries a running forward: the engine itself or kubectl', () => {
    const lines = forwardTable([
      status('n', 'native', { state: 'Active', localPort: 1, pod: 'p', protocol: 'websocket' }),
      status('k', 'child', { state: 'Active', localPort: 2, pod: 'p', protocol: 'kubectl' }),
    ]);
    expect(lines[1]).toMatch(/\swebsocket$/);
    expect(lines[2]).toMatch(/\skubectl$/);
  });

  it('a forward on a fallback protocol says in WHY why the better ones were refused', () => {
    const lines = forwardTable([
      status('n', 'native', {
        state: 'Active',
        localPort: 1,
        pod: 'p',
        protocol: 'spdy',
        protocolNote: 'cannot get resource "pods/portforward" (403)',
      }),
    ]);
    expect(lines[0]).toMatch(/\sVIA\s+WHY$/);
    expect(lines[1]).toMatch(
      /\sspdy\s+better protocols refused — cannot get resource "pods\/portforward" \(403\)$/,
    );
  });

  it('a troubled forward says why and when it tries again', () => {
    const now = 1_000_000;
    const lines = forwardTable(
      [
        status('fwd-x', 'x', {
          state: 'Reconnecting',
          reason: 'kubectl exited: exit 1',
          problem: 'tunnel-dead',
          attempt: 2,
          nextRetryAt: now + 4_000,
          localPort: 18080,
        }),
      ],
      now,
    );
    expect(lines[0]).toMatch(/\s+WHY$/);
    expect(lines[1]).toMatch(/kubectl exited: exit 1 · retry 2 of 5 in 4 s$/);
  });
});
