import { mergeProvisioningCards } from '../../../shared/logic/provisioning/mergeCards';
import { snapshotKey, useProvisioningStore } from '../../stores/provisioningStore';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { orderSnapshots } from './phaseSteps';
import { ProvisioningCard } from './ProvisioningCard';

/**
 * The provisioning cards of every monitored context, or of one (the cluster detail tab),
 * with designed loading, error and empty states.
 */
export function ProvisioningList({ context }: { context?: string }) {
  const { status, error, contexts } = useProvisioningStore();
  const shown = context === undefined ? contexts : contexts.filter((c) => c.context === context);
  if (status === 'loading') return <Loading>Looking for ClusterDeployments…</Loading>;
  if (status === 'error') return <ErrorState title="Could not read provisioning" message={error} />;
  const available = shown.filter((c) => c.available);
  const items = orderSnapshots(
    available.flatMap((c) => c.items.map((snapshot) => ({ ...snapshot, connection: c.connection }))),
  );
  if (available.length === 0) {
    const why = shown.find((c) => c.reason)?.reason;
    return (
      <Empty title="Nothing to provision here">
        {context === undefined
          ? 'None of the monitored clusters serves k0rdent ClusterDeployments or Cluster API Clusters.'
          : (why ?? `${context} serves neither k0rdent ClusterDeployments nor Cluster API Clusters.`)}
      </Empty>
    );
  }
  if (items.length === 0)
    return (
      <Empty title="No clusters being provisioned">
        New ClusterDeployments in {available.map((c) => c.context).join(', ')} show up here as they start.
      </Empty>
    );
  // One card per cluster: a ClusterDeployment and its CAPI Cluster are merged (the Cluster as detail).
  return (
    <ul className="prov-list" aria-label="Provisioning">
      {mergeProvisioningCards(items).map(({ primary: { connection, ...s }, sources }) => (
        <ProvisioningCard
          key={snapshotKey(s)}
          snapshot={s}
          sources={sources}
          connection={connection}
          showContext={context === undefined && available.length > 1}
        />
      ))}
    </ul>
  );
}
