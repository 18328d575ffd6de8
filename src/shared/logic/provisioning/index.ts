/**
 * Live provisioning progress of k0rdent ClusterDeployments and Cluster API Clusters: pure
 * functions only (no I/O, no clock, no Kubernetes client). The engine feeds them what its
 * watches deliver; the UI renders the ProvisioningSnapshot they produce.
 */
export { readConditions, readCondition, readConditionStatus, findCondition } from './conditions';
export type { ProvisioningObject, ReadObjectResult } from './resource';
export { readProvisioningObject, provisioningKindOf } from './resource';
export type { DetectPhaseOptions, PhaseReading, ProgressDetail } from './reading';
export { detectPhase, INITIALIZING_GRACE_MS } from './phase';
export type { ReadyRollup, RollupIssue, ReadyRollupOptions } from './readyRollup';
export { rollUpReady, CAPI_SUMMARY_GRACE_MS } from './readyRollup';
export type { CapiSummaryItem } from './capiSummary';
export { parseCapiSummary, stageFromCapiSummary } from './capiSummary';
export type { ProgressState } from './progress';
export { estimateProgress, nextProgress, PHASE_BASE_PROGRESS } from './progress';
export { readServices, tallyServices, parseReadyCount } from './services';
export type { KubeEvent } from './events';
export { readKubeEvent } from './events';
export type { EventScope } from './eventScope';
export { isInScope } from './eventScope';
export { classifyEvent, DEFAULT_SUPPRESSED_REASONS } from './eventSignificance';
export type { AdmitResult, EventFilterOptions, EventFilterState } from './eventFilter';
export {
  admitEvent,
  admitRawEvent,
  emptyEventFilterState,
  filterSignificantEvents,
  filterSignificantEventsWithState,
  DEFAULT_DEDUP_WINDOW_MS,
} from './eventFilter';
export type { RateDecision, RateLimitedUpdate, RateLimiterState, RateLimitOptions } from './rateLimit';
export { initialRateLimiterState, offerUpdate, flushDue, DEFAULT_UPDATE_INTERVAL_MS } from './rateLimit';
export type { SnapshotInput, SnapshotResult } from './snapshot';
export {
  buildProvisioningSnapshot,
  DEFAULT_WATCH_TIMEOUT_MS,
  DEFAULT_TIMEOUT_WARNING_MS,
  DEFAULT_MAX_SNAPSHOT_EVENTS,
} from './snapshot';
export type { ProvisioningCardModel } from './mergeCards';
export { mergeProvisioningCards } from './mergeCards';
