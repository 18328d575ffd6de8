import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactValue } from './redact';

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJrdWJlcm5ldGVzIiwic3ViIjoic3lzdGVtIn0.c2lnbmF0dXJlLXBhcnQ';

describe('redactSecrets, per pattern', () => {
  it.each([
    [
      'Authorization: Basic …',
      'sent Authorization: Basic dXNlcjpodW50ZXIy to the proxy',
      'sent Authorization: Basic [redacted] to the proxy',
    ],
    [
      'a bare Basic credential',
      'proxy wants Basic dXNlcjpodW50ZXIy here',
      'proxy wants Basic [redacted] here',
    ],
    ['Authorization without a scheme', 'authorization=abcdef0123456789', 'authorization=[redacted]'],
    ['Bearer …', 'header Bearer sha256~AbCdEf0123456789 rejected', 'header Bearer [redacted] rejected'],
    ['bearer in lower case', 'using bearer abc.def-ghi_jkl', 'using bearer [redacted]'],
    ['Authorization: Bearer <JWT>', `Authorization: Bearer ${JWT}`, 'Authorization: Bearer [redacted]'],
    [
      'ya29.…',
      'gke-gcloud-auth-plugin: token ya29.a0AfB_byC-1234567890abcdef.more expired',
      'gke-gcloud-auth-plugin: token [redacted] expired',
    ],
    [
      'k8s-aws-v1.…',
      'exec plugin failed: token k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u was refused',
      'exec plugin failed: token [redacted] was refused',
    ],
    ['a JWT', `got ${JWT} from server`, 'got [redacted] from server'],
    ['an unsigned JWT', 'got eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. back', 'got [redacted] back'],
    [
      'token= in a query',
      'GET /callback?code=1&token=s3cr3t-value&x=2',
      'GET /callback?code=1&token=[redacted]&x=2',
    ],
    [
      'access_token= in a query',
      'https://h/cb#access_token=abc123&state=9',
      'https://h/cb#access_token=[redacted]&state=9',
    ],
    [
      'password= in a query',
      'login?user=dev&password=hunter2 failed',
      'login?user=dev&password=[redacted] failed',
    ],
    [
      'a password in a URL',
      'proxy http://dev:hunter2@proxy.corp:3128 refused',
      'proxy http://dev:[redacted]@proxy.corp:3128 refused',
    ],
  ])('%s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary diagnostics alone', () => {
    for (const line of [
      'API unreachable (connect ECONNREFUSED 127.0.0.1:6443)',
      'pod web-1 Running, restarted after OOMKilled',
      'cluster "prod" is not defined in any kubeconfig file',
      'getting credentials: exec plugin aws failed: exit code 255',
      'server https://api.prod.example.com:6443 answered 503',
      'kubectl port-forward exited: error: unable to forward port 8080',
    ]) {
      expect(redactSecrets(line)).toBe(line);
    }
  });

  it('is idempotent', () => {
    const once = redactSecrets(`Authorization: Bearer ${JWT} token=${JWT}`);
    expect(redactSecrets(once)).toBe(once);
    expect(once).not.toContain('eyJ');
  });
});

/** A token's own characters: long enough that random text never holds it by chance. */
const tokenBody = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);
const b64 = fc.stringMatching(/^[A-Za-z0-9+/]{16,40}={0,2}$/);

/** Each kind of secret, with the part that must never survive. */
const secret = fc.oneof(
  b64.map((v) => ({ text: `Authorization: Basic ${v}`, value: v })),
  b64.map((v) => ({ text: `Basic ${v}`, value: v })),
  tokenBody.map((v) => ({ text: `Bearer ${v}`, value: v })),
  tokenBody.map((v) => ({ text: `authorization: ${v}`, value: v })),
  tokenBody.map((v) => ({ text: `ya29.${v}`, value: v })),
  tokenBody.map((v) => ({ text: `k8s-aws-v1.${v}`, value: v })),
  fc
    .tuple(tokenBody, tokenBody, tokenBody)
    .map(([h, p, s]) => ({ text: `eyJ${h}.${p}.${s}`, value: `${h}.${p}.${s}` })),
  tokenBody.map((v) => ({ text: `?token=${v}`, value: v })),
  tokenBody.map((v) => ({ text: `&password=${v}`, value: v })),
);

/** Free text around it: anything printable, including punctuation and unicode. */
const words = fc.string({ unit: 'grapheme', maxLength: 60 });

describe('redactSecrets, property', () => {
  it('a secret embedded anywhere in random text never survives', () => {
    fc.assert(
      fc.property(
        words,
        secret,
        words,
        fc.constantFrom(' ', '\n', '\t', ': ', ' (', '"'),
        (before, s, after, sep) => {
          const line = `${before}${sep}${s.text}${sep === ' (' ? ')' : sep}${after}`;
          const out = redactSecrets(line);
          expect(out).not.toContain(s.value);
          expect(out).toContain(REDACTED);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('text without a secret keyword comes back unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9 .,:()/-]{0,80}$/), (text) => {
        fc.pre(
          !/bearer|basic|authorization|ya29|k8s-aws|eyj|token|password|secret|passwd|api_?key|:\/\//i.test(
            text,
          ),
        );
        expect(redactSecrets(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('redactValue', () => {
  it('masks secret-looking keys and secret values, nested', () => {
    expect(
      redactValue({ password: 'p', msg: `got ${JWT} from server`, nested: { clientKey: 'x', n: 1 } }),
    ).toEqual({
      password: REDACTED,
      msg: 'got [redacted] from server',
      nested: { clientKey: REDACTED, n: 1 },
    });
  });
});
