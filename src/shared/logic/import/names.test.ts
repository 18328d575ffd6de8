import { describe, expect, it } from 'vitest';
import { entryLabels, uniqueName } from './names';

describe('uniqueName', () => {
  it('keeps a free name and numbers a taken one', () => {
    expect(uniqueName('argocd', new Set())).toBe('argocd');
    expect(uniqueName('argocd', new Set(['argocd']))).toBe('argocd-2');
    expect(uniqueName('argocd', new Set(['argocd', 'argocd-2']))).toBe('argocd-3');
  });
});

describe('entryLabels', () => {
  it('adds positions only to labels that repeat', () => {
    expect(entryLabels(['argocd', 'httpbin', 'argocd'])).toEqual(['argocd (#1)', 'httpbin', 'argocd (#3)']);
  });
});
