import { describe, expect, it } from 'vitest';
import { ForwardTransitions, type NoticeForward } from './forwardNotices';

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

  it('fails again after a restart → notifies again; deleted forwards are forgotten', () => {
    const t = new ForwardTransitions();
    t.next('fw-1', status('Failed'));
    t.next('fw-1', status('Starting'));
    expect(t.next('fw-1', status('Failed', 'port 8080 in use'))?.body).toBe('port 8080 in use (prod/pay)');
    t.next('fw-1', null);
    expect(t.next('fw-1', status('Failed'))?.title).toBe('Forward payments-api stopped');
  });
});
