import type { App, Session } from 'electron';

/**
 * The popover's Content-Security-Policy, also set as a response header (the renderer's
 * index.html carries the same policy in a meta tag for file:// loads, which have no headers).
 * Scripts only from the app; no plugins, no base tag, no forms; connections to its own origin only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // 'self' also matches a WebSocket to the page's own host and port (CSP Level 3): the headless
  // page reaches its server, and no page can reach another loopback service.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The only permission a page of ours may get. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** Permission requests and checks: denied, except notifications. */
export function allowPermission(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

type SessionLike = {
  setPermissionRequestHandler: Session['setPermissionRequestHandler'];
  setPermissionCheckHandler: Session['setPermissionCheckHandler'];
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/**
 * Session-wide hardening, installed once before any window exists: permissions denied except
 * notifications, and the CSP header on every response.
 */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  session.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/**
 * App-wide guards for every web contents, ours or not: no <webview>, no new windows (a
 * page that is not the popover has no business opening one).
 */
export function hardenApp(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
