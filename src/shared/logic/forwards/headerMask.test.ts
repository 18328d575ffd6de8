import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateForwardSpec } from '../../domain/forward';
import { MASKED, maskHeaderValue, maskSpec, restoreMaskedHeaders } from './headerMask';

describe('maskHeaderValue', () => {
  it('hides literal text, keeps variable names, hides defaults', () => {
    expect(maskHeaderValue('Bearer s3cr3t')).toBe(MASKED);
    expect(maskHeaderValue('Bearer ${TOKEN}')).toBe(`${MASKED} \${TOKEN}`);
    expect(maskHeaderValue('${TOKEN}')).toBe('${TOKEN}');
    expect(maskHeaderValue('${TOKEN:fallback-secret}')).toBe(`\${TOKEN:${MASKED}}`);
    expect(maskHeaderValue('')).toBe('');
    expect(maskHeaderValue('a ${X} b')).toBe(`${MASKED} \${X} ${MASKED}`);
  });

  it('never contains a literal character run of the value (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{4,40}$/), (secret) => {
        expect(maskHeaderValue(`Bearer ${secret}`)).not.toContain(secret);
        expect(maskHeaderValue(`\${T:${secret}}`)).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});

describe('restoreMaskedHeaders', () => {
  const stored = { Authorization: 'Bearer s3cr3t', 'X-Env': 'Bearer ${TOKEN}' };

  it('puts back every value the client left masked, keeps what it typed, drops what it removed', () => {
    const shown = maskSpecHeaders(stored);
    expect(restoreMaskedHeaders(shown, stored)).toEqual(stored);
    expect(restoreMaskedHeaders({ ...shown, Authorization: 'Bearer new' }, stored)).toEqual({
      Authorization: 'Bearer new',
      'X-Env': 'Bearer ${TOKEN}',
    });
    expect(restoreMaskedHeaders({ 'X-Env': shown['X-Env']! }, stored)).toEqual({
      'X-Env': 'Bearer ${TOKEN}',
    });
  });

  it('never takes a stored value for a header of another name', () => {
    expect(restoreMaskedHeaders({ Other: MASKED }, stored)).toEqual({ Other: MASKED });
    expect(restoreMaskedHeaders({ constructor: MASKED }, stored)).toEqual({ constructor: MASKED });
  });
});

describe('maskSpec', () => {
  it('masks only probe header values, and the result still validates', () => {
    const v = validateForwardSpec({
      name: 'api',
      context: 'dev',
      target: 'svc/api',
      remotePort: 80,
      probe: { type: 'http', headers: { Authorization: 'Bearer s3cr3t' } },
    });
    if (!v.ok) throw new Error('fixture invalid');
    const masked = maskSpec(v.spec);
    expect(masked.probe).toMatchObject({ headers: { Authorization: MASKED } });
    expect({ ...masked, probe: v.spec.probe }).toEqual(v.spec);
    expect(validateForwardSpec(masked).ok).toBe(true);
    const tcp = validateForwardSpec({ name: 'db', context: 'dev', target: 'svc/db', remotePort: 5432 });
    if (!tcp.ok) throw new Error('fixture invalid');
    expect(maskSpec(tcp.spec)).toBe(tcp.spec);
  });
});

function maskSpecHeaders(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, maskHeaderValue(v)]));
}
