import { describe, expect, it } from 'vitest';
import { stackFor } from './uiNavigate';

describe('platform navigation requests', () => {
  it("a failed forward's notification opens its pod above the forward, so Esc walks back to it", () => {
    expect(
      stackFor({
        view: 'pod',
        context: 'dev',
        forwardId: 'f1',
        params: { namespace: 'shop', name: 'api-1' },
      }),
    ).toEqual([
      { view: 'home' },
      { view: 'forward', id: 'f1' },
      { view: 'pod', context: 'dev', namespace: 'shop', name: 'api-1' },
    ]);
  });

  it('a notification about a pod opens it above its cluster, so Esc walks back', () => {
    expect(stackFor({ view: 'pod', context: 'dev', params: { namespace: 'shop', name: 'api-1' } })).toEqual([
      { view: 'home' },
      { view: 'cluster', context: 'dev', tab: 'pods' },
      { view: 'pod', context: 'dev', namespace: 'shop', name: 'api-1' },
    ]);
  });
  it('cluster tabs, provisioning, forwards, settings', () => {
    expect(stackFor({ view: 'cluster', context: 'dev', params: { tab: 'events' } })[1]).toEqual({
      view: 'cluster',
      context: 'dev',
      tab: 'events',
    });
    expect(stackFor({ view: 'provisioning', context: 'mgmt' })[1]).toMatchObject({ tab: 'provisioning' });
    expect(stackFor({ view: 'forward', forwardId: 'web' })[1]).toEqual({ view: 'forward', id: 'web' });
    expect(stackFor({ view: 'settings' })).toEqual([{ view: 'home' }, { view: 'settings' }]);
  });
  it('anything incomplete or unknown opens home rather than failing', () => {
    expect(stackFor({ view: 'cluster' })).toEqual([{ view: 'home' }]);
    expect(stackFor({ view: 'pod', context: 'dev' })).toEqual([{ view: 'home' }]);
    expect(stackFor({ view: 'something-new' })).toEqual([{ view: 'home' }]);
  });
});
