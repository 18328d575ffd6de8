import { ProvisioningList } from './ProvisioningList';

/** The home view's Provisioning section: every ClusterDeployment / Cluster being followed. */
export function ProvisioningSection() {
  return (
    <section aria-labelledby="provisioning-heading" className="section">
      <h2 id="provisioning-heading">Provisioning</h2>
      <ProvisioningList />
    </section>
  );
}
