import type { ConnectionViewKind } from './connectionView';

/**
 * One full-width line over the whole page when the engine cannot be reached: everything
 * below it is what the page knew before (shown greyed by the caller), never live state.
 */
export function ConnectionBanner({ kind }: { kind: ConnectionViewKind }) {
  if (kind === 'new-token') {
    return (
      <div className="conn-banner" role="alert" data-testid="connection-banner" data-kind={kind}>
        <strong>Tether was restarted with a new link.</strong> This page’s token is no longer accepted: open
        the new link <code>tether serve</code> printed. What you see below is from before the restart.
      </div>
    );
  }
  if (kind === 'unreachable') {
    return (
      <div className="conn-banner" role="alert" data-testid="connection-banner" data-kind={kind}>
        <strong>Cannot reach Tether at {window.location.host} — retrying…</strong> Is{' '}
        <code>tether serve</code> still running? If you started it again, open the new link it printed.
      </div>
    );
  }
  return (
    <div className="conn-banner" role="alert" data-testid="connection-banner" data-kind={kind}>
      <strong>Lost connection to Tether — reconnecting…</strong> What you see below is from before the
      connection was lost. If you restarted <code>tether serve</code>, open the new link it printed.
    </div>
  );
}
