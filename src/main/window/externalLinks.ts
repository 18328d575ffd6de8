/** A forward that is listening right now: where it listens. */
export interface ListeningForward {
  bindAddress: string;
  localPort: number;
}

/**
 * Whether the popover may hand `url` to the OS browser: any https page, and plain http only to
 * a forward that is listening right now, on its own loopback address and port (the "open ↗"
 * link). Nothing else leaves the app: no file:, no other port, no credentials in the URL.
 */
export function externalLinkAllowed(url: string, listening: readonly ListeningForward[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'https:') return true;
  if (u.protocol !== 'http:' || u.username || u.password || u.port === '') return false;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host !== '127.0.0.1' && host !== '::1') return false;
  return listening.some((f) => f.bindAddress === host && f.localPort === Number(u.port));
}
