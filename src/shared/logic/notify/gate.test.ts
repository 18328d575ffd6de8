import { describe, expect, it } from 'vitest';
import type { Notification } from '../../domain/notification';
import { NotificationGate, subjectOf, type GateOptions } from './gate';

const opts: GateOptions = {
  dedupMs: 60_000,
  perSubject: { max: 3, windowMs: 600_000 },
  global: { max: 5, windowMs: 60_000 },
};
const down = (context = 'prod', body = 'API unreachable'): Notification => ({
  id: `d-${context}-${body}`,
  kind: 'cluster.unhealthy',
  severity: 'error',
  title: `${context} is unhealthy`,
  body,
  context,
});
const up = (context = 'prod'): Notification => ({
  id: `u-${context}`,
  kind: 'cluster.recovered',
  severity: 'info',
  title: `${context} recovered`,
  body: 'Healthy again.',
  context,
});

function gate() {
  const clock = { t: 0 };
  return { clock, g: new NotificationGate(() => clock.t, opts) };
}

describe('NotificationGate', () => {
  it('drops the same notification repeated within the dedup window, shows it again after', () => {
    const { clock, g } = gate();
    expect(g.decide(down()).show).toBe(true);
    clock.t = 59_999;
    expect(g.decide(down())).toEqual({ show: false, why: 'duplicate' });
    clock.t = 60_000;
    expect(g.decide(down()).show).toBe(true);
  });

  it('a different reason for the same cluster is not a duplicate', () => {
    const { g } = gate();
    expect(g.decide(down('prod', 'API unreachable')).show).toBe(true);
    expect(g.decide(down('prod', 'pod payments-7f9 OOMKilled')).show).toBe(true);
  });

  it('a flapping cluster gets its notifications, then one "paused" note, then silence until the window passes', () => {
    const { clock, g } = gate();
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      clock.t = i * 10_000;
      const d = g.decide(i % 2 === 0 ? down() : up());
      seen.push(d.show ? d.notification.kind : `(${d.why})`);
    }
    expect(seen).toEqual([
      'cluster.unhealthy',
      'cluster.recovered',
      'cluster.unhealthy',
      'cluster.recovered.paused',
      '(flapping)',
      '(flapping)',
      '(flapping)',
      '(flapping)',
    ]);
    clock.t = 30_000 + 600_000;
    expect(g.decide(down('prod', 'new reason')).show).toBe(true);
  });

  it('the paused note says why and keeps the latest news in its body', () => {
    const { g } = gate();
    g.decide(down('prod', 'a'));
    g.decide(down('prod', 'b'));
    g.decide(down('prod', 'c'));
    const d = g.decide(up());
    expect(d.show && d.notification).toMatchObject({
      severity: 'warning',
      title: 'prod keeps changing state',
      context: 'prod',
    });
    expect(d.show && d.notification.body).toMatch(
      /^Latest: prod recovered\. Healthy again\. Notifications about it are paused for 10 min/,
    );
  });

  it('one flapping cluster does not silence another', () => {
    const { g } = gate();
    for (const b of ['a', 'b', 'c', 'd', 'e']) g.decide(down('prod', b));
    expect(g.decide(down('staging')).show).toBe(true);
  });

  it('caps the total per minute across subjects', () => {
    const { clock, g } = gate();
    const shown = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((c) => g.decide(down(c)).show);
    expect(shown).toEqual([true, true, true, true, true, false, false]);
    expect(g.decide(down('h'))).toEqual({ show: false, why: 'too-many' });
    clock.t = 60_000;
    expect(g.decide(down('h')).show).toBe(true);
  });

  it('a muted cluster shows nothing and does not use up its quota', () => {
    const { g } = gate();
    expect(g.decide(down(), true)).toEqual({ show: false, why: 'muted' });
    expect(g.decide(down()).show).toBe(true);
  });

  it('a forward notification is about the forward, not its cluster', () => {
    const n: Notification = {
      ...down(),
      kind: 'forward.failed',
      target: { view: 'forward', params: { forwardId: 'fw-1' } },
    };
    expect(subjectOf(n)).toBe('forward:fw-1');
    expect(subjectOf(down())).toBe('context:prod');
    expect(subjectOf({ ...down(), context: undefined })).toBe('kind:cluster.unhealthy');
  });
});
