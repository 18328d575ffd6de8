import { request } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_HEADER_NAME_LENGTH,
  MAX_HEADER_VALUE_LENGTH,
  MAX_HINT_LENGTH,
  MAX_PROBE_HEADERS,
  MAX_PROBE_PATH_LENGTH,
  MAX_SELECTOR_LENGTH,
  MAX_TAGS,
  isHttpHeaderValue,
  isHttpToken,
} from './forwardBounds';
import { validateForwardSpec, type ForwardValidation } from './forwardValidation';

// Free-form fields are bounded, and a probe header is refused at the schema exactly when Node's
// http.request would refuse it (so a saved or imported forward can never make the probe throw).

const minimal = { name: 'api', context: 'kind-dev', target: 'svc/api', remotePort: 80 };
const http = (extra: Record<string, unknown>) => ({ ...minimal, probe: { type: 'http', ...extra } });

function errorText(result: ForwardValidation): string {
  if (result.ok) throw new Error('expected the forward to be refused');
  return result.errors.map((e) => `${e.field}: ${e.message}`).join('\n');
}

// What Node itself says about a header: thrown synchronously by http.request, before any I/O.
function nodeRefuses(headers: Record<string, string>, path = '/'): boolean {
  try {
    const req = request({ host: '127.0.0.1', port: 9, path, headers, agent: false });
    req.on('error', () => undefined);
    req.destroy();
    return false;
  } catch {
    return true;
  }
}

describe('probe headers at the schema', () => {
  it.each([
    ['a name with a space', { 'X Bad': 'v' }, /header name "X Bad"/],
    ['an empty name', { '': 'v' }, /header name ""/],
    ['a name with a colon', { 'X:Y': 'v' }, /header name "X:Y"/],
    ['a value with CR/LF', { A: 'x\r\ny' }, /header "A".*line break/],
    ['a value with a NUL', { A: 'x\u0000' }, /header "A"/],
    ['a value beyond Latin-1', { A: 'caf\u00e9 \u2603' }, /header "A"/],
  ])('refuses %s with a message naming the header', (_, headers, message) => {
    expect(nodeRefuses(headers)).toBe(true);
    expect(errorText(validateForwardSpec(http({ headers })))).toMatch(message);
  });

  it('never echoes a refused value (it may be a secret)', () => {
    expect(errorText(validateForwardSpec(http({ headers: { A: 's3cr3t\n' } })))).not.toContain('s3cr3t');
  });

  it('accepts what Node accepts: tokens with every allowed symbol, tabs and Latin-1 in values', () => {
    const headers = { "X-Weird!#$%&'*+.^_`|~9": 'Bearer a\tb caf\u00e9', Authorization: '' };
    expect(nodeRefuses(headers)).toBe(false);
    expect(validateForwardSpec(http({ headers })).ok).toBe(true);
  });

  it('agrees with Node on any name and value (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (name, value) => {
        const schemaOk = isHttpToken(name) && isHttpHeaderValue(value);
        expect(schemaOk).toBe(!nodeRefuses({ [name]: value }));
        if (name.length > 0) {
          expect(validateForwardSpec(http({ headers: { [name]: value } })).ok).toBe(schemaOk);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('bounds the count and lengths of headers', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_PROBE_HEADERS + 1 }, (_, i) => [`X-${i}`, 'v']));
    expect(errorText(validateForwardSpec(http({ headers: many })))).toMatch(/at most 32 headers/);
    const longName = { ['X'.repeat(MAX_HEADER_NAME_LENGTH + 1)]: 'v' };
    expect(errorText(validateForwardSpec(http({ headers: longName })))).toMatch(/header name.*too long/i);
    const huge = { A: 'v'.repeat(1_000_000) };
    expect(errorText(validateForwardSpec(http({ headers: huge })))).toMatch(/header "A".*at most/);
    const atLimit = { A: 'v'.repeat(MAX_HEADER_VALUE_LENGTH) };
    expect(validateForwardSpec(http({ headers: atLimit })).ok).toBe(true);
  });
});

describe('probe path at the schema', () => {
  it.each(['/a\u0001b', '/\u2603', '/a b'])('refuses %j, which Node would refuse', (path) => {
    expect(nodeRefuses({}, path)).toBe(true);
    expect(errorText(validateForwardSpec(http({ path })))).toMatch(/probe\.path/);
  });

  it('bounds its length', () => {
    const path = `/${'a'.repeat(MAX_PROBE_PATH_LENGTH)}`;
    expect(errorText(validateForwardSpec(http({ path })))).toMatch(/at most/);
  });
});

describe('other free-form fields are bounded', () => {
  it('refuses 10,000 tags', () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
    expect(errorText(validateForwardSpec({ ...minimal, tags }))).toMatch(`at most ${MAX_TAGS} tags`);
    expect(validateForwardSpec({ ...minimal, tags: tags.slice(0, MAX_TAGS) }).ok).toBe(true);
  });

  it('refuses a 1 MB kubeconfig hint, and one with control characters', () => {
    expect(errorText(validateForwardSpec({ ...minimal, kubeconfigHint: 'x'.repeat(1_000_000) }))).toMatch(
      `at most ${MAX_HINT_LENGTH}`,
    );
    expect(errorText(validateForwardSpec({ ...minimal, kubeconfigHint: '/a\u001b]52;c;x\u0007' }))).toMatch(
      /control characters/,
    );
  });

  it('refuses an overlong selector before parsing it', () => {
    const selector = Array.from({ length: 2000 }, (_, i) => `k${i}=v`).join(',');
    expect(selector.length).toBeGreaterThan(MAX_SELECTOR_LENGTH);
    expect(errorText(validateForwardSpec({ ...minimal, target: { kind: 'selector', selector } }))).toMatch(
      `at most ${MAX_SELECTOR_LENGTH}`,
    );
  });

  it('refuses control characters in a description', () => {
    expect(errorText(validateForwardSpec({ ...minimal, description: 'a\u001b[2Jb' }))).toMatch(
      /Description must not contain control characters/,
    );
  });
});
