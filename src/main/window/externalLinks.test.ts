import { describe, expect, it } from 'vitest';
import { externalLinkAllowed } from './externalLinks';

const active = [
  { bindAddress: '127.0.0.1', localPort: 8080 },
  { bindAddress: '::1', localPort: 9090 },
];

describe('externalLinkAllowed: what the popover may hand to the OS browser', () => {
  it.each([
    ['https://kubernetes.io/docs', true],
    ['http://127.0.0.1:8080', true],
    ['http://127.0.0.1:8080/', true],
    ['http://127.0.0.1:8080/health?x=1', true],
    ['http://[::1]:9090/', true],
    ['http://127.0.0.1:8081/', false],
    ['http://127.0.0.1/', false],
    ['http://localhost:8080/', false],
    ['http://[::1]:8080/', false],
    ['http://example.com:8080/', false],
    ['http://user@127.0.0.1:8080/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(externalLinkAllowed(url, active)).toBe(ok);
  });

  it('no active forward: no http link at all', () => {
    expect(externalLinkAllowed('http://127.0.0.1:8080/', [])).toBe(false);
  });
});
