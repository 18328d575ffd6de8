import type { ConnectionState } from '../../stores/connectionStore';

/**
 * What the page says about its link to the engine:
 * - `ok`: connected, nothing to show;
 * - `connecting`: the first connection is on its way;
 * - `no-token` / `wrong-token`: a whole-page screen, there is nothing to show without the engine;
 * - `lost`: it was connected and is not now (a full-width banner over greyed data);
 * - `new-token`: the engine answers again but turns this page's token away (a restarted
 *   `tether serve`), so reconnecting cannot succeed: open the new link;
 * - `unreachable`: never connected and the server does not answer.
 */
export type ConnectionViewKind =
  'ok' | 'connecting' | 'no-token' | 'wrong-token' | 'lost' | 'new-token' | 'unreachable';

/** Whole-page states: the app itself is not shown. */
export const SCREEN_KINDS: ReadonlySet<ConnectionViewKind> = new Set(['no-token', 'wrong-token']);
/** Banner states: the app is shown greyed, under a banner. */
export const BANNER_KINDS: ReadonlySet<ConnectionViewKind> = new Set(['lost', 'new-token', 'unreachable']);

/** Picks what the page shows from the connection's state. */
export function connectionView(
  s: Pick<ConnectionState, 'status' | 'everOpen' | 'serverUp'>,
): ConnectionViewKind {
  if (s.status === 'no-token') return 'no-token';
  if (s.status === 'open') return 'ok';
  if (s.serverUp === true) return s.everOpen ? 'new-token' : 'wrong-token';
  if (s.everOpen) return 'lost';
  if (s.serverUp === false) return 'unreachable';
  return 'connecting';
}

/** The header's short word for the connection (the banner or screen says the rest). */
export function connectionWord(kind: ConnectionViewKind): string {
  switch (kind) {
    case 'ok':
      return 'connected';
    case 'connecting':
      return 'connecting…';
    case 'no-token':
    case 'wrong-token':
    case 'new-token':
      return 'not allowed';
    case 'lost':
    case 'unreachable':
      return 'disconnected';
  }
}
