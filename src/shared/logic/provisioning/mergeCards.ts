import type { ProvisioningSnapshot } from '../../domain/provisioning';

/** One cluster being provisioned: the snapshot the card shows, and the other objects behind it. */
export interface ProvisioningCardModel<S extends ProvisioningSnapshot = ProvisioningSnapshot> {
  /** What the card's phase, bar and summary come from. */
  primary: S;
  /** The same cluster seen through another object (the CAPI Cluster of a ClusterDeployment). */
  sources: S[];
}

const clusterKey = (s: ProvisioningSnapshot) => `${s.context}\u0000${s.namespace}\u0000${s.name}`;

/**
 * One card per cluster: a k0rdent ClusterDeployment and the Cluster API Cluster it creates
 * (k0rdent's templates name the Cluster after the ClusterDeployment, in its namespace, on the
 * same management cluster) are the same cluster. The ClusterDeployment is the card, because
 * its status already rolls up the Cluster's and adds what comes before it (credentials,
 * templates); the Cluster becomes a source shown as detail. A Cluster API Cluster with no
 * ClusterDeployment keeps its own card. Order follows the input's first appearance.
 */
export function mergeProvisioningCards<S extends ProvisioningSnapshot>(
  snapshots: readonly S[],
): ProvisioningCardModel<S>[] {
  const byKey = new Map<string, S[]>();
  for (const s of snapshots) {
    const k = clusterKey(s);
    const group = byKey.get(k);
    if (group) group.push(s);
    else byKey.set(k, [s]);
  }
  return [...byKey.values()].map((group) => {
    const primary = group.find((s) => s.kind === 'ClusterDeployment') ?? group[0]!;
    return { primary, sources: group.filter((s) => s !== primary) };
  });
}
