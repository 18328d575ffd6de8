import { describe, expect, it } from 'vitest';
import { formatLabelSelector, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  it('parses every supported operator', () => {
    const parsed = parseLabelSelector(
      'app=api, tier==web,env!=prod,zone in (a, b),track notin (canary),legacy,!beta',
    );
    expect(parsed).toEqual({
      ok: true,
      requirements: [
        { key: 'app', operator: '=', value: 'api' },
        { key: 'tier', operator: '=', value: 'web' },
        { key: 'env', operator: '!=', value: 'prod' },
        { key: 'zone', operator: 'in', values: ['a', 'b'] },
        { key: 'track', operator: 'notin', values: ['canary'] },
        { key: 'legacy', operator: 'exists' },
        { key: 'beta', operator: 'notExists' },
      ],
    });
    if (parsed.ok) {
      expect(formatLabelSelector(parsed.requirements)).toBe(
        'app=api,tier=web,env!=prod,zone in (a,b),track notin (canary),legacy,!beta',
      );
    }
  });

  it('accepts prefixed keys and empty values', () => {
    expect(parseLabelSelector('app.kubernetes.io/component=server').ok).toBe(true);
    expect(parseLabelSelector('app=').ok).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['app=api,', 'expected a label key'],
    ['app in (a', 'expected "," or ")"'],
    ['app in ()', 'needs at least one value'],
    ['app in a', 'expected "("'],
    ['app>1', 'unexpected ">"'],
    ['Bad_Prefix/app=x', 'DNS-1123 subdomain'],
    ['app=-x', 'label value "-x" is invalid'],
    [`app=${'v'.repeat(64)}`, 'is invalid'],
    ['app=a b', 'unexpected "b"'],
  ])('rejects %j with a message about it', (selector, fragment) => {
    const parsed = parseLabelSelector(selector);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(fragment);
  });
});
