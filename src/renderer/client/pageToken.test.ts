import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, takePageToken } from './pageToken';

function page(hash: string, stored: string | null = null) {
  const store = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]]);
  const urls: string[] = [];
  const location = { hash, pathname: '/', search: '' };
  return {
    urls,
    store,
    deps: {
      location,
      storage: {
        getItem: (k: string) => store.get(k) ?? null,
        setItem: (k: string, v: string) => void store.set(k, v),
      },
      history: {
        state: null,
        replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void urls.push(String(url)),
      },
    },
  };
}

describe('takePageToken', () => {
  it('moves the token from the fragment to sessionStorage and clears the fragment', () => {
    const p = page('#token=abc');
    expect(takePageToken(p.deps)).toBe('abc');
    expect(p.store.get(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(p.urls).toEqual(['/']);
  });

  it('on a reload (no fragment) reads sessionStorage and leaves the URL alone', () => {
    const p = page('', 'abc');
    expect(takePageToken(p.deps)).toBe('abc');
    expect(p.urls).toEqual([]);
  });

  it("a new token in the fragment replaces the tab's old one", () => {
    const p = page('#token=new', 'old');
    expect(takePageToken(p.deps)).toBe('new');
    expect(p.store.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('no token anywhere is an empty string', () => {
    expect(takePageToken(page('').deps)).toBe('');
  });
});
