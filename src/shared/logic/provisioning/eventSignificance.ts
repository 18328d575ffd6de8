import type { ProvisioningStage } from '../../domain/provisioning';
import type { KubeEvent } from './events';

/**
 * Which events are worth showing. A provisioning produces hundreds of events; most are
 * controller housekeeping (`ArtifactUpToDate` every reconcile) or transient retries. What the
 * user wants are the milestones — Helm release installed, infrastructure ready, control plane
 * ready, a node joined — and the warnings that explain a stall. Milestones are known reasons
 * (k0rdent, Flux, Cluster API and its providers) or known wording; every Warning is
 * significant unless its reason is on the suppress list of known noise.
 */

/** Reasons that are noise even as Warnings (observed repeating dozens of times per provisioning). */
export const DEFAULT_SUPPRESSED_REASONS: readonly string[] = [
  'ArtifactUpToDate',
  'ServiceSetCollectServiceStatusesFailed',
  'ServiceSetEnsureProfileFailed',
  'ClusterReconcilerNormalFailed',
  'OwnerRefNotSet',
  'VMIdentityNone',
  'CredentialFrom',
  'Machine controller dependency not yet met',
];

/** What the filter makes of one event, before scope and de-duplication. */
export interface EventClass {
  significant: boolean;
  /** The stage this event is evidence of having reached, for milestones. */
  indicates?: ProvisioningStage;
}

interface MilestoneRule {
  matches: (event: KubeEvent) => boolean;
  indicates: (event: KubeEvent) => ProvisioningStage | undefined;
}

const reason =
  (...reasons: string[]) =>
  (event: KubeEvent): boolean =>
    reasons.includes(event.reason);
const says =
  (pattern: RegExp) =>
  (event: KubeEvent): boolean =>
    pattern.test(event.message);
const stage = (value: ProvisioningStage | undefined) => (): ProvisioningStage | undefined => value;
/** "… is now false" reports a regression: significant, but no evidence of progress. */
const unlessNowFalse =
  (value: ProvisioningStage) =>
  (event: KubeEvent): ProvisioningStage | undefined =>
    /is now false/i.test(event.message) ? undefined : value;
/** A node joining is bootstrapping for a control-plane machine and scaling for a worker. */
const byMachineRole = (event: KubeEvent): ProvisioningStage =>
  /control-?plane|-cp-/i.test(event.object.name) ? 'Bootstrapping' : 'Scaling';

const MILESTONES: readonly MilestoneRule[] = [
  // k0rdent (kcm) on the ClusterDeployment.
  { matches: reason('HelmReleaseCreated'), indicates: stage('Initializing') },
  { matches: reason('CAPIClusterIsReady'), indicates: stage('Installing') },
  // Flux helm-controller on the cluster template's HelmRelease (it creates the CAPI objects).
  { matches: reason('InstallSucceeded'), indicates: stage('Provisioning') },
  { matches: reason('UpgradeSucceeded', 'TestSucceeded', 'RollbackSucceeded'), indicates: stage(undefined) },
  // Cluster API core.
  { matches: reason('Provisioning'), indicates: stage('Provisioning') },
  { matches: reason('Provisioned', 'InfrastructureReady'), indicates: unlessNowFalse('Bootstrapping') },
  { matches: reason('ControlPlaneReady'), indicates: unlessNowFalse('Scaling') },
  { matches: reason('SuccessfulSetNodeRef', 'SuccessfulSetNodeRefs'), indicates: byMachineRole },
  // Infrastructure providers: CAPA network objects, ASO/CAPZ Azure resources, instances.
  {
    matches: (e) =>
      /^SuccessfulCreate(VPC|Subnet|InternetGateway|NATGateway|RouteTable|SecurityGroup|LoadBalancer|ClassicLoadBalancer)$/.test(
        e.reason,
      ),
    indicates: stage('Provisioning'),
  },
  { matches: says(/successfully sent resource to azure/i), indicates: stage('Provisioning') },
  { matches: says(/created new control-plane instance/i), indicates: stage('Bootstrapping') },
  { matches: says(/created new (node|worker) instance/i), indicates: stage('Scaling') },
  // Wording any controller may use.
  { matches: says(/infrastructure ?ready is now true/i), indicates: stage('Bootstrapping') },
  { matches: says(/control ?plane ?ready is now true/i), indicates: stage('Scaling') },
  { matches: says(/\bis provisioned\b/i), indicates: stage('Bootstrapping') },
  { matches: says(/\bhas been provisioned\b/i), indicates: stage('Installing') },
  { matches: says(/\b(install|upgrade) succeeded\b/i), indicates: stage(undefined) },
  { matches: says(/\bcreated machine\b/i), indicates: stage(undefined) },
  { matches: says(/\bnode\b.*\bjoined\b/i), indicates: stage('Scaling') },
];

/** Whether the event is significant, and what it is evidence of; `suppressed` is the whole suppress list (defaults included). */
export function classifyEvent(event: KubeEvent, suppressed: ReadonlySet<string>): EventClass {
  if (suppressed.has(event.reason)) return { significant: false };
  const rule = MILESTONES.find((r) => r.matches(event));
  if (rule !== undefined) {
    const indicates = rule.indicates(event);
    return indicates === undefined ? { significant: true } : { significant: true, indicates };
  }
  return { significant: event.type === 'Warning' };
}
