import { describe, expect, it } from 'vitest';
import { ForwardDraftSchema, forwardId } from './forwardSpec';

describe('forwardId', () => {
  const parts = {
    name: 'Argo CD',
    context: 'kind',
    namespace: 'argocd',
    target: { kind: 'service', name: 'argocd-server' },
  } as const;

  it('is stable and readable', () => {
    expect(forwardId(parts)).toBe(forwardId({ ...parts }));
    expect(forwardId(parts)).toMatch(/^fwd-argo-cd-[0-9a-f]{16}$/);
  });

  it('changes with any identifying part', () => {
    const ids = new Set([
      forwardId(parts),
      forwardId({ ...parts, name: 'Argo CD 2' }),
      forwardId({ ...parts, context: 'kind-2' }),
      forwardId({ ...parts, namespace: 'other' }),
      forwardId({ ...parts, target: { kind: 'deployment', name: 'argocd-server' } }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('copes with names that have no ASCII letters', () => {
    expect(forwardId({ ...parts, name: '—' })).toMatch(/^fwd-[0-9a-f]{16}$/);
    expect(
      ForwardDraftSchema.shape.id.safeParse(forwardId({ ...parts, name: 'x'.repeat(100) })).success,
    ).toBe(true);
  });
});
