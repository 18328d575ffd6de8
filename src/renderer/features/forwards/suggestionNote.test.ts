import { describe, expect, it } from 'vitest';
import type { ListStatus } from '../../../shared/contract';
import { pendingStatus, suggestionNote, unaskedStatus } from './suggestionNote';

const status = (state: ListStatus['state'], reason = ''): ListStatus => ({
  state,
  listedAt: state === 'loaded' ? 1 : null,
  stale: false,
  reason,
  since: null,
  kubectl: 'kubectl get namespaces --context dev',
});

describe('suggestionNote', () => {
  it('a refused list says so and that the field can be typed', () => {
    expect(
      suggestionNote('namespaces', status('forbidden', 'may not list namespaces'), { empty: true }),
    ).toBe('May not list namespaces — type it.');
    expect(
      suggestionNote('targets', status('forbidden', 'may not list services, deployments, pods in shop'), {
        empty: true,
        namespace: 'shop',
      }),
    ).toBe('May not list services, deployments, pods in shop — type the target.');
  });

  it('rejected credentials and an unreachable API give their reason, never "empty"', () => {
    expect(
      suggestionNote('namespaces', status('unauthorized', 'credentials rejected (401)'), { empty: true }),
    ).toBe('No suggestions: credentials rejected (401) — type it.');
    const note = suggestionNote('targets', status('unreachable', 'connection refused'), {
      empty: true,
      namespace: 'shop',
    });
    expect(note).toBe('No suggestions: connection refused — type the target.');
    expect(suggestionNote('targets', unaskedStatus('', 'k'), { empty: true })).toBe(
      'No suggestions: the API did not answer — type the target.',
    );
  });

  it('while asking: listing; once loaded: nothing to say, unless a namespace has no targets', () => {
    expect(suggestionNote('namespaces', pendingStatus('k'), { empty: true })).toBe('Listing namespaces…');
    expect(suggestionNote('targets', pendingStatus('k'), { empty: true, namespace: 'shop' })).toBe(
      'Listing targets in shop…',
    );
    expect(suggestionNote('namespaces', status('loaded'), { empty: false })).toBeUndefined();
    expect(suggestionNote('targets', status('loaded'), { empty: false, namespace: 'shop' })).toBeUndefined();
    expect(suggestionNote('targets', status('loaded'), { empty: true, namespace: 'shop' })).toBe(
      'Nothing to forward to in shop yet — type the target; the forward waits for it.',
    );
    expect(suggestionNote('namespaces', undefined, { empty: true })).toBeUndefined();
  });

  it('no raw state name reaches the user', () => {
    for (const state of ['loaded', 'forbidden', 'unauthorized', 'unreachable', 'loading', 'off'] as const) {
      const note = suggestionNote('targets', status(state, 'why'), { empty: true, namespace: 'shop' }) ?? '';
      expect(note).not.toMatch(/\b(forbidden|unauthorized|unreachable|loaded|loading)\b/);
    }
  });
});
