import { useState } from 'react';
import { useClustersStore } from '../../stores/clustersStore';
import { useContextsStore } from '../../stores/contextsStore';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { ClusterRow } from './ClusterRow';
import { contextRows } from './contextRows';

/**
 * Every context in the kubeconfig (in its order, so rows never jump), plus any monitored
 * context the kubeconfig lost, each with its health and a monitor switch.
 */
export function ClusterSection() {
  const { status, list, error } = useContextsStore();
  const monitored = useClustersStore((s) => s.monitored);
  const clustersError = useClustersStore((s) => s.error);
  const actionError = useClustersStore((s) => s.actionError);
  const [expanded, setExpanded] = useState(false);

  let body;
  if (status === 'loading') body = <Loading>Reading kubeconfig…</Loading>;
  else if (status === 'error') body = <ErrorState title="Could not load contexts" message={error} />;
  else if (list) {
    const names = [
      ...list.contexts.map((c) => c.name),
      ...monitored.filter((m) => !list.contexts.some((c) => c.name === m)),
    ];
    const { shown, folded } = contextRows(names, monitored);
    const rows = expanded ? names : shown;
    body = (
      <>
        {list.problems.length > 0 && (
          <ul className="problems" aria-label="Kubeconfig problems">
            {list.problems.map((p) => (
              <li key={`${p.file}:${p.message}`} role="alert">
                <code>{p.file}</code>: {p.message}
              </li>
            ))}
          </ul>
        )}
        {names.length === 0 ? (
          <Empty title="No clusters found">
            No contexts in {list.files.join(', ') || 'your kubeconfig'}. Add one with kubectl and it appears
            here.
          </Empty>
        ) : (
          <>
            <ul className="clusters" aria-label="Clusters" data-nav-list>
              {rows.map((n) => (
                <ClusterRow key={n} name={n} context={list.contexts.find((c) => c.name === n)} />
              ))}
            </ul>
            {folded.length > 0 && (
              <button
                type="button"
                className="more-contexts"
                aria-expanded={expanded}
                data-testid="more-contexts"
                onClick={() => setExpanded(!expanded)}
              >
                {expanded
                  ? 'Show monitored contexts only'
                  : `${folded.length} more context${folded.length === 1 ? '' : 's'} (not monitored)`}
              </button>
            )}
          </>
        )}
      </>
    );
  }
  return (
    <section aria-labelledby="clusters-heading" className="section">
      <h2 id="clusters-heading">Clusters</h2>
      {clustersError && (
        <p className="error small" role="alert">
          Cluster health unavailable: {clustersError}
        </p>
      )}
      {actionError && (
        <p className="error small" role="alert">
          {actionError}
        </p>
      )}
      {body}
    </section>
  );
}
