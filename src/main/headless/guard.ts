import { timingSafeEqual } from 'node:crypto';

/**
 * The checks every headless request passes before anything else runs. They are pure so each
 * can be tested on its own.
 */

/** Host header must name the loopback address we listen on: refuses DNS rebinding. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/**
 * Origin must be our own page. Browsers always send it on a WebSocket upgrade, so a page
 * from another origin is refused; a non-browser client (the CLI) sends none and relies on
 * the token alone.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return (
    origin === `http://127.0.0.1:${port}` ||
    origin === `http://localhost:${port}` ||
    origin === `http://[::1]:${port}`
  );
}

/** Constant-time token comparison. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
