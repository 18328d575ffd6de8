import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/vectors';
import { SECURITY_HEADERS } from '../headless/static';
import { mergeShellEnv } from '../platform/shellEnv';
import { rendererUrl } from './rendererUrl';
import { CONTENT_SECURITY_POLICY } from './security';
import { popoverWebPreferences } from './webPreferences';

const file = '/Applications/Tether.app/Contents/Resources/app.asar/out/renderer/index.html';

describe('the packaged app loads only its own page', () => {
  it('ELECTRON_RENDERER_URL is honoured in development only', () => {
    const env = { ELECTRON_RENDERER_URL: 'https://evil.example/' };
    expect(rendererUrl({ isPackaged: true, env, file })).toBe(`file://${file}`);
    expect(rendererUrl({ isPackaged: false, env, file })).toBe('https://evil.example/');
    expect(rendererUrl({ isPackaged: false, env: {}, file })).toBe(`file://${file}`);
    expect(rendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: '' }, file })).toBe(
      `file://${file}`,
    );
  });

  it('devTools follow app.isPackaged, whatever NODE_ENV says', () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      expect(popoverWebPreferences('/p.cjs', { isPackaged: true }).devTools).toBe(false);
      expect(popoverWebPreferences('/p.cjs', { isPackaged: false }).devTools).toBe(true);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('the login-shell merge never copies ELECTRON_*, NODE_OPTIONS or NODE_ENV', () => {
    const merged = mergeShellEnv(
      { PATH: '/usr/bin' },
      {
        ELECTRON_RENDERER_URL: 'https://evil.example',
        ELECTRON_RUN_AS_NODE: '1',
        ELECTRON_ENABLE_LOGGING: '1',
        NODE_OPTIONS: '--require /tmp/x.js',
        NODE_ENV: 'development',
        KUBECONFIG: '/k',
      },
    );
    for (const k of [
      'ELECTRON_RENDERER_URL',
      'ELECTRON_RUN_AS_NODE',
      'ELECTRON_ENABLE_LOGGING',
      'NODE_OPTIONS',
      'NODE_ENV',
    ]) {
      expect(merged[k], k).toBeUndefined();
    }
    expect(merged.KUBECONFIG).toBe('/k');
  });

  it('the merge still copies the proxy and CA variables corporate networks need', () => {
    const wanted = {
      HTTPS_PROXY: 'http://proxy:3128',
      HTTP_PROXY: 'http://proxy:3128',
      NO_PROXY: '.corp',
      https_proxy: 'http://proxy:3128',
      http_proxy: 'http://proxy:3128',
      no_proxy: '.corp',
      NODE_EXTRA_CA_CERTS: '/etc/corp-ca.pem',
    };
    expect(mergeShellEnv({}, wanted)).toMatchObject(wanted);
  });
});

describe('the Content-Security-Policy allows no WebSocket to other ports', () => {
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
    readFileSync(join(repoRoot, 'src', 'renderer', 'index.html'), 'utf8'),
  )?.[1];

  it('the Electron header, the headless header and the page meta tag are one policy', () => {
    expect(meta).toBeDefined();
    const norm = (p: string) => p.replace(/\s+/g, ' ').trim();
    // frame-ancestors is ignored in a meta tag, so only the headers carry it.
    expect(norm(meta!)).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it("connect-src is 'self' only: no ws: to any loopback port (CSP3 'self' covers the same-origin WebSocket)", () => {
    for (const policy of [CONTENT_SECURITY_POLICY, SECURITY_HEADERS['Content-Security-Policy']!, meta!]) {
      expect(policy).not.toContain('ws:');
      expect(policy).toMatch(/connect-src 'self'(;|$)/);
    }
  });
});

describe('macOS entitlements', () => {
  it('grant only the JIT Electron needs', () => {
    const plist = readFileSync(join(repoRoot, 'build', 'entitlements.mac.plist'), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });
});
