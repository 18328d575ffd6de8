import { TOKEN_PARAM } from '../../shared/contract';

/** Where the page keeps its token for this tab: it survives a reload, not the tab. */
export const TOKEN_STORAGE_KEY = 'tether.token';

/** What takePageToken needs from the page (window.location, sessionStorage, history). */
export interface PageTokenDeps {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/**
 * The headless page's token: from the URL fragment Tether printed the first time, moved to
 * sessionStorage and cut from the address bar (so it is not in history, bookmarks, browser
 * sync or a screen share); from sessionStorage on a reload. '' when there is none.
 */
export function takePageToken(d: PageTokenDeps): string {
  const params = new URLSearchParams(d.location.hash.replace(/^#/, ''));
  const fromUrl = params.get(TOKEN_PARAM);
  if (fromUrl) {
    try {
      d.storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage refused (a private window's quota): the token still works until a reload.
    }
    d.history.replaceState(d.history.state, '', `${d.location.pathname}${d.location.search}`);
    return fromUrl;
  }
  try {
    return d.storage.getItem(TOKEN_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}
