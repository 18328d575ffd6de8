/**
 * Live provisioning progress of k0rdent ClusterDeployments and Cluster API Clusters: pure
 * functions only (no I/O, no clock, no Kubernetes client). The engine feeds them what its
 * watches deliver; the UI renders the ProvisioningSnapshot they produce.
 */
export type { ProgressState } from './progress';
export type { KubeEvent } from './events';
export { readKubeEvent } from './events';
export type { EventScope } from './eventScope';
export type { EventFilterState } from './eventFilter';
export { admitEvent, emptyEventFilterState } from './eventFilter';
export type { RateLimiterState } from './rateLimit';
export { initialRateLimiterState, offerUpdate, flushDue, DEFAULT_UPDATE_INTERVAL_MS } from './rateLimit';
export { buildProvisioningSnapshot, DEFAULT_WATCH_TIMEOUT_MS, DEFAULT_TIMEOUT_WARNING_MS } from './snapshot';
