import { describe, expect, it } from 'vitest';
import { ForwardTransitions, type NoticeForward } from './forwardNotices';
import { navigationFor } from './route';

const status = (state: string, reason: string | null = null, restarts = 0): NoticeForward => ({
  spec: { id: 'fw-1', name: 'payments-api', context: 'prod', namespace: 'pay' },
  state,
  reason,
  localPort: null,
  restarts,
  since: 42,
});

describe('ForwardTransitions', () => {
  it('a forward that gives up after its retries notifies once, with the engine’s reason, targeting the forward', () => {
    const t = new ForwardTransitions();
    expect(t.next('fw-1', status('Active'))).toBeUndefined();
    expect(t.next('fw-1', status('Reconnecting', 'tunnel closed'))).toBeUndefined();
    const n = t.next('fw-1', status('Failed', 'no ready pod for service/payments', 5));
    expect(n).toEqual({
      id: 'forward.failed:fw-1:42',
      kind: 'forward.failed',
      severity: 'error',
      title: 'Forward payments-api stopped after 5 restarts',
      body: 'no ready pod for service/payments (prod/pay)',
      context: 'prod',
      target: { view: 'forward', params: { forwardId: 'fw-1', context: 'prod' } },
    });
    expect(t.next('fw-1', status('Failed', 'no ready pod for service/payments', 5))).toBeUndefined();
  });

  it('a forward whose tunnel went to a known pod: the click opens that pod (its last lines), the forward one step back', () => {
    const t = new ForwardTransitions();
    t.next('fw-1', { ...status('Active'), pod: 'api-7' });
    t.next('fw-1', { ...status('Reconnecting', 'tunnel closed'), pod: null });
    // Failed has no tunnel, so no pod: the one it last went to is the one to read.
    const n = t.next('fw-1', { ...status('Failed', 'pod api-7 is in CrashLoopBackOff', 5), pod: null });
    expect(n?.target).toEqual({
      view: 'pod',
      params: { context: 'prod', namespace: 'pay', name: 'api-7', forwardId: 'fw-1' },
    });
    expect(navigationFor(n!)).toEqual({
      view: 'pod',
      context: 'prod',
      forwardId: 'fw-1',
      params: { context: 'prod', namespace: 'pay', name: 'api-7', forwardId: 'fw-1' },
    });
  });

  it('fails again after a restart → notifies again; deleted forwards are forgotten', () => {
    const t = new ForwardTransitions();
    t.next('fw-1', status('Failed'));
    t.next('fw-1', status('Starting'));
    expect(t.next('fw-1', status('Failed', 'port 8080 in use'))?.body).toBe('port 8080 in use (prod/pay)');
    t.next('fw-1', null);
    expect(t.next('fw-1', status('Failed'))?.title).toBe('Forward payments-api stopped');
  });
});
