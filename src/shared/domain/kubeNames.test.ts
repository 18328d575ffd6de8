import { describe, expect, it } from 'vitest';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isIanaSvcName } from './kubeNames';

describe('Kubernetes name rules', () => {
  it('accepts DNS-1123 labels and rejects the rest', () => {
    for (const ok of ['default', 'kube-system', 'a', '0abc', 'a'.repeat(63)])
      expect(isDns1123Label(ok)).toBe(true);
    for (const bad of ['', 'Default', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(64)])
      expect(isDns1123Label(bad)).toBe(false);
  });

  it('accepts DNS-1123 subdomains (dotted) up to 253 characters', () => {
    expect(isDns1123Subdomain('api-7d9f.web')).toBe(true);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}`)).toBe(true);
    expect(isDns1123Subdomain('a..b')).toBe(false);
    expect(isDns1123Subdomain('Api')).toBe(false);
    expect(isDns1123Subdomain('a'.repeat(254))).toBe(false);
  });

  it('wants Service names to start with a letter (DNS-1035)', () => {
    expect(isDns1035Label('grafana')).toBe(true);
    expect(isDns1035Label('9grafana')).toBe(false);
    expect(isDns1035Label('a.b')).toBe(false);
  });

  it('applies IANA_SVC_NAME rules to named ports', () => {
    for (const ok of ['http', 'metrics', 'grpc-web', 'h2c', 'a'.repeat(15)])
      expect(isIanaSvcName(ok)).toBe(true);
    for (const bad of ['', '8080', 'HTTP', '-http', 'http-', 'grpc--web', 'a'.repeat(16), 'my_port']) {
      expect(isIanaSvcName(bad)).toBe(false);
    }
  });
});
