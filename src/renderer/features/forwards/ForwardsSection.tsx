import { useClient } from '../../client/ClientContext';
import { startAll, stopAll, useForwardsStore } from '../../stores/forwardsStore';
import { navigate } from '../../stores/navStore';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { ForwardRow } from './ForwardRow';

const BULK = [
  { label: 'Start all', run: startAll },
  { label: 'Stop all', run: stopAll },
] as const;

/** The port-forwards, one row each, with Add, Import, Start all and Stop all. */
export function ForwardsSection() {
  const client = useClient();
  const { status, error, order, actionError } = useForwardsStore();
  const busy = useForwardsStore((s) => s.pending['*'] === true);
  let body;
  if (status === 'loading') body = <Loading>Loading forwards…</Loading>;
  else if (status === 'error') body = <ErrorState title="Could not load forwards" message={error} />;
  else if (order.length === 0)
    body = <Empty title="No port-forwards yet">Add one, or import a LocalPort or kftray file.</Empty>;
  else
    body = (
      <ul className="forwards" aria-label="Forwards">
        {order.map((id) => (
          <ForwardRow key={id} id={id} />
        ))}
      </ul>
    );
  return (
    <section aria-labelledby="forwards-heading" className="section">
      <div className="section-head">
        <h2 id="forwards-heading">Forwards</h2>
        <span className="section-actions">
          {order.length > 1 &&
            BULK.map(({ label, run }) => (
              <button
                key={label}
                type="button"
                className="link-button small"
                disabled={busy}
                onClick={() => void run(client)}
              >
                {label}
              </button>
            ))}
          <button type="button" className="link-button small" onClick={() => navigate({ view: 'forward' })}>
            + Add
          </button>
          <button type="button" className="link-button small" onClick={() => navigate({ view: 'import' })}>
            Import / export
          </button>
        </span>
      </div>
      {actionError && (
        <p className="error small" role="alert">
          {actionError}
        </p>
      )}
      {body}
    </section>
  );
}
