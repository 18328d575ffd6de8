import type { ConnectionViewKind } from './connectionView';

/**
 * The whole page when the engine will not talk to it: opened without the token, or with a
 * token the running engine does not know. One screen that says what to open.
 */
export function TokenScreen({ kind }: { kind: ConnectionViewKind }) {
  return (
    <main className="token-screen" data-testid="token-screen" data-kind={kind}>
      <h1>Tether</h1>
      {kind === 'no-token' ? (
        <p className="token-screen-lead" role="alert">
          This page needs the link Tether printed (with its token). Run <code>tether serve</code> and open
          that URL.
        </p>
      ) : (
        <p className="token-screen-lead" role="alert">
          Tether does not accept this link’s token (it is from an earlier run, or mistyped). Open the link the
          running <code>tether serve</code> printed, or start it again and open the new one.
        </p>
      )}
      <p className="muted">
        The link looks like <code>http://127.0.0.1:53412/#token=…</code>. The token keeps other pages and
        programs on this machine from using Tether.
      </p>
    </main>
  );
}
