import { describe, expect, it } from 'vitest';
import { UiNavigateSchema } from '../../domain/navigation';
import { navigationFor } from './route';

const base = { id: 'x', kind: 'k', severity: 'info', title: 't', body: 'b' } as const;

describe('navigationFor (notification click routing)', () => {
  it('a cluster notification opens that cluster', () => {
    const nav = navigationFor({
      ...base,
      context: 'prod',
      target: { view: 'cluster', params: { context: 'prod' } },
    });
    expect(nav).toEqual({ view: 'cluster', context: 'prod', params: { context: 'prod' } });
    expect(UiNavigateSchema.parse(nav)).toEqual(nav);
  });

  it('a forward notification opens that forward, on its cluster', () => {
    expect(
      navigationFor({ ...base, context: 'prod', target: { view: 'forward', params: { forwardId: 'fw-1' } } }),
    ).toEqual({ view: 'forward', context: 'prod', forwardId: 'fw-1', params: { forwardId: 'fw-1' } });
  });

  it('a provisioning notification keeps its params for the view', () => {
    const nav = navigationFor({
      ...base,
      target: { view: 'provisioning', params: { context: 'mgmt', namespace: 'kcm', name: 'dev-1' } },
    });
    expect(nav).toEqual({
      view: 'provisioning',
      context: 'mgmt',
      params: { context: 'mgmt', namespace: 'kcm', name: 'dev-1' },
    });
  });

  it('no target → the popover home, still on its cluster if it names one', () => {
    expect(navigationFor(base)).toEqual({ view: 'home' });
    expect(navigationFor({ ...base, context: 'prod' })).toEqual({ view: 'home', context: 'prod' });
  });
});
