import { describe, expect, it } from 'vitest';
import { SignificantEventSchema } from '../../domain/provisioning';
import type { SignificantEvent } from '../../domain/provisioning';
import type { EventFilterState } from './eventFilter';
import {
  admitEvent,
  admitRawEvent,
  DEFAULT_DEDUP_WINDOW_MS,
  emptyEventFilterState,
  filterSignificantEvents,
  filterSignificantEventsWithState,
} from './eventFilter';
import { readKubeEvent } from './events';
import type { EventScope } from './eventScope';
import { classifyEvent, DEFAULT_SUPPRESSED_REASONS } from './eventSignificance';

// ---------------------------------------------------------------------------------------------
// A noisy but realistic provisioning: an Azure ClusterDeployment `dev-cluster-1` in kcm-system
// (k0rdent + Flux + CAPI/CAPZ/ASO + Sveltos), next to other clusters whose names look alike,
// with the housekeeping and retry noise such a namespace really gets.
// ---------------------------------------------------------------------------------------------

const T0 = Date.parse('2026-03-01T10:00:00Z');
const NS = 'kcm-system';
const CLUSTER = 'dev-cluster-1';
const SCOPE: EventScope = {
  name: CLUSTER,
  namespace: NS,
  siblingNames: ['dev-cluster-10', 'dev-cluster-1-eu', 'staging'],
};

interface EventSpec {
  t: number;
  kind: string;
  name: string;
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  count?: number;
  namespace?: string;
  uid?: string;
  /** Write it the events.k8s.io/v1 way (regarding/note/eventTime). */
  newApi?: boolean;
}

let serial = 0;
/** A raw Kubernetes event object, as the API would return it. */
function rawEvent(spec: EventSpec): unknown {
  serial += 1;
  const namespace = spec.namespace ?? NS;
  const when = new Date(T0 + spec.t * 1000).toISOString();
  const uid = spec.uid ?? `uid-${serial}`;
  const about = { kind: spec.kind, name: spec.name, namespace };
  if (spec.newApi === true) {
    return {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: `${spec.name}.${serial.toString(16)}`, namespace, uid },
      regarding: about,
      reason: spec.reason,
      note: spec.message,
      type: spec.type ?? 'Normal',
      eventTime: when,
      reportingController: 'kcm',
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${spec.name}.${serial.toString(16)}`, namespace, uid },
    involvedObject: { ...about, apiVersion: 'v1' },
    reason: spec.reason,
    message: spec.message,
    type: spec.type ?? 'Normal',
    count: spec.count ?? 1,
    firstTimestamp: when,
    lastTimestamp: when,
    source: { component: 'controller' },
  };
}

/** The milestones of dev-cluster-1, in order: what the filter must keep, all of it. */
function milestones(cluster: string): EventSpec[] {
  const azure = (t: number, kind: string, name: string, path: string): EventSpec => ({
    t,
    kind,
    name,
    reason: 'BeginCreateOrUpdate',
    message: `Successfully sent resource to Azure with ID "/subscriptions/0000/resourceGroups/${cluster}${path}"`,
  });
  return [
    {
      t: 0,
      kind: 'ClusterDeployment',
      name: cluster,
      reason: 'HelmReleaseCreated',
      message: `Successfully created HelmRelease ${NS}/${cluster}`,
    },
    {
      t: 4,
      kind: 'HelmRelease',
      name: cluster,
      reason: 'InstallSucceeded',
      message: `Helm install succeeded for release ${NS}/${cluster}.v1 with chart azure-standalone-cp@1.0.15`,
    },
    {
      t: 6,
      kind: 'Cluster',
      name: cluster,
      reason: 'Provisioning',
      message: `Cluster ${cluster} is Provisioning`,
    },
    azure(27, 'ResourceGroup', cluster, ''),
    azure(
      63,
      'VirtualNetwork',
      `${cluster}-vnet`,
      `/providers/Microsoft.Network/virtualNetworks/${cluster}-vnet`,
    ),
    azure(
      93,
      'NatGateway',
      `${cluster}-node-natgw`,
      `/providers/Microsoft.Network/natGateways/${cluster}-node-natgw`,
    ),
    azure(
      127,
      'VirtualNetworksSubnet',
      `${cluster}-vnet-${cluster}-controlplane-subnet`,
      '/subnets/controlplane',
    ),
    {
      t: 242,
      kind: 'Cluster',
      name: cluster,
      reason: 'InfrastructureReady',
      message: `Cluster ${cluster} InfrastructureReady is now True`,
    },
    {
      t: 243,
      kind: 'Cluster',
      name: cluster,
      reason: 'Provisioned',
      message: `Cluster ${cluster} is Provisioned`,
    },
    {
      t: 264,
      kind: 'Cluster',
      name: cluster,
      reason: 'ControlPlaneReady',
      message: `Cluster ${cluster} ControlPlaneReady is now True`,
    },
    {
      t: 268,
      kind: 'Machine',
      name: `${cluster}-cp-0`,
      reason: 'SuccessfulSetNodeRef',
      message: `${cluster}-cp-0`,
    },
    {
      t: 350,
      kind: 'Machine',
      name: `${cluster}-md-r27h8-sr8cq`,
      reason: 'SuccessfulSetNodeRef',
      message: `${cluster}-md-r27h8-sr8cq`,
    },
    {
      t: 378,
      kind: 'ClusterDeployment',
      name: cluster,
      reason: 'CAPIClusterIsReady',
      message: 'Cluster has been provisioned',
      newApi: true,
    },
  ];
}

/** The one real problem of this provisioning: a quota warning retried every 5 s for 25 s. */
function quotaWarnings(): EventSpec[] {
  return [0, 5, 10, 15, 20, 25].map((d) => ({
    t: 150 + d,
    kind: 'AzureMachine',
    name: `${CLUSTER}-md-r27h8-sr8cq`,
    reason: 'FailedCreateOrUpdate',
    type: 'Warning' as const,
    message:
      'failed to create VM: QuotaExceeded: Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota',
  }));
}

/** Everything else: housekeeping, retries, repeats, neighbours, pods. */
function noise(): EventSpec[] {
  const out: EventSpec[] = [];
  const every = (
    count: number,
    start: number,
    step: number,
    make: (t: number, i: number) => EventSpec,
  ): void => {
    for (let i = 0; i < count; i += 1) out.push(make(start + i * step, i));
  };
  // Flux source-controller housekeeping on every reconcile.
  every(40, 2, 9, (t) => ({
    t,
    kind: 'HelmChart',
    name: `${NS}-${CLUSTER}`,
    reason: 'ArtifactUpToDate',
    message: "artifact up-to-date with remote revision: '1.0.15'",
  }));
  // Sveltos/kcm transient retries (Warnings, but known noise).
  every(20, 10, 17, (t) => ({
    t,
    kind: 'ServiceSet',
    name: `${CLUSTER}-6f7d9`,
    reason: 'ServiceSetCollectServiceStatusesFailed',
    type: 'Warning',
    message: `failed to get ClusterSummary for ${CLUSTER}: not found`,
  }));
  every(8, 12, 31, (t) => ({
    t,
    kind: 'ServiceSet',
    name: `${CLUSTER}-6f7d9`,
    reason: 'ServiceSetEnsureProfileFailed',
    type: 'Warning',
    message: 'failed to ensure Profile',
  }));
  every(4, 40, 45, (t) => ({
    t,
    kind: 'AzureCluster',
    name: CLUSTER,
    reason: 'ClusterReconcilerNormalFailed',
    type: 'Warning',
    message: 'context deadline exceeded',
  }));
  every(4, 8, 3, (t, i) => ({
    t,
    kind: ['AzureCluster', 'KubeadmControlPlane', 'MachineDeployment', 'AzureMachineTemplate'][i] ?? 'X',
    name: `${CLUSTER}-x${i}`,
    reason: 'OwnerRefNotSet',
    type: 'Warning',
    message: 'Cluster Controller has not yet set OwnerRef',
  }));
  every(6, 9, 2, (t, i) => ({
    t,
    kind: 'AzureMachineTemplate',
    name: `${CLUSTER}-mt-${i}`,
    reason: 'VMIdentityNone',
    type: 'Warning',
    message:
      'You are using Service Principal authentication for Cloud Provider Azure which is less secure than Managed Identity.',
  }));
  every(6, 20, 20, (t, i) => ({
    t,
    kind: 'ResourceGroup',
    name: `${CLUSTER}-rg-${i}`,
    reason: 'CredentialFrom',
    message: `Using credential from "${NS}/${CLUSTER}-identity-secret"`,
  }));
  every(4, 250, 20, (t) => ({
    t,
    kind: 'AzureMachine',
    name: `${CLUSTER}-md-r27h8-sr8cq`,
    reason: 'Machine controller dependency not yet met',
    message: 'Machine Controller has not yet set OwnerRef',
  }));
  // The same milestones again within the window: re-emitted or count-bumped records.
  out.push({
    t: 10,
    kind: 'HelmRelease',
    name: CLUSTER,
    reason: 'InstallSucceeded',
    count: 2,
    message: `Helm install succeeded for release ${NS}/${CLUSTER}.v1 with chart azure-standalone-cp@1.0.15`,
  });
  out.push({
    t: 244,
    kind: 'Cluster',
    name: CLUSTER,
    reason: 'Provisioned',
    count: 2,
    message: `Cluster ${CLUSTER} is Provisioned`,
  });
  out.push({
    t: 245,
    kind: 'Cluster',
    name: CLUSTER,
    reason: 'InfrastructureReady',
    count: 2,
    message: `Cluster ${CLUSTER} InfrastructureReady is now True`,
  });
  out.push({
    t: 270,
    kind: 'Machine',
    name: `${CLUSTER}-cp-0`,
    reason: 'SuccessfulSetNodeRef',
    count: 2,
    message: `${CLUSTER}-cp-0`,
  });
  // Neighbours with look-alike names: the same milestones, not ours.
  for (const other of ['dev-cluster-10', 'dev-cluster-1-eu', 'staging']) {
    for (const spec of milestones(other).slice(0, other === 'staging' ? 10 : 12))
      out.push({ ...spec, t: spec.t + 30 });
  }
  every(6, 100, 7, (t, i) => ({
    t,
    kind: 'AzureCluster',
    name: i % 2 === 0 ? 'dev-cluster-10' : 'staging',
    reason: 'ReconcileError',
    type: 'Warning',
    message: 'failed to reconcile: 429 Too Many Requests',
  }));
  // Our cluster's name, another namespace.
  every(5, 30, 40, (t, i) => ({
    t,
    kind: 'Cluster',
    name: CLUSTER,
    namespace: 'team-b',
    reason: i === 0 ? 'Provisioning' : 'ReconcileError',
    type: i === 0 ? 'Normal' : 'Warning',
    message: `Cluster ${CLUSTER} is Provisioning`,
  }));
  // Pods of the management controllers in the same namespace.
  every(15, 1, 13, (t, i) => ({
    t,
    kind: 'Pod',
    name: `kcm-controller-manager-7c9f8d-${i % 3}`,
    reason: ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'][i % 5] ?? 'Started',
    message: 'Successfully assigned kcm-system/kcm-controller-manager-7c9f8d to kind-control-plane',
  }));
  // In scope, Normal, but nothing happened.
  every(5, 3, 60, (t) => ({
    t,
    kind: 'HelmRelease',
    name: CLUSTER,
    reason: 'Progressing',
    message: "Running 'upgrade' action with timeout of 10m0s",
  }));
  every(5, 5, 61, (t) => ({
    t,
    kind: 'Kustomization',
    name: `${CLUSTER}-addons`,
    reason: 'ReconciliationSucceeded',
    message: 'Reconciliation finished in 1.2s, next run in 10m0s',
  }));
  return out;
}

/** A deterministic shuffle, so the filter cannot rely on arrival order. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i -= 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The noisy fixture: ≥ 150 raw events, and what must come out of the filter. */
function noisyProvisioning(): { raw: unknown[]; expected: Array<[string, string]> } {
  const ours = milestones(CLUSTER);
  const warnings = quotaWarnings();
  const specs = [...ours, ...warnings, ...noise()];
  const expected = [...ours, warnings[0] as EventSpec]
    .sort((a, b) => a.t - b.t)
    .map((s) => [s.reason, s.name] as [string, string]);
  return { raw: shuffled(specs.map(rawEvent)), expected };
}

describe('event filter on a noisy provisioning (≥ 150 events)', () => {
  const { raw, expected } = noisyProvisioning();
  const kept = filterSignificantEvents(raw, SCOPE);

  it('the fixture is big and noisy enough', () => {
    expect(raw.length).toBeGreaterThanOrEqual(150);
  });

  it('keeps 10–15 events: exactly the 13 milestones and the first quota warning, in time order', () => {
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThanOrEqual(15);
    expect(kept.map((e) => [e.reason, e.object.name])).toEqual(expected);
  });

  it('loses none of the milestones', () => {
    for (const spec of milestones(CLUSTER)) {
      expect(kept.some((e) => e.reason === spec.reason && e.object.name === spec.name)).toBe(true);
    }
  });

  it('labels what each milestone is evidence of', () => {
    expect(kept.map((e) => e.indicates ?? '-')).toEqual([
      'Initializing',
      'Provisioning',
      'Provisioning',
      'Provisioning',
      'Provisioning',
      'Provisioning',
      'Provisioning',
      '-',
      'Bootstrapping',
      'Bootstrapping',
      'Scaling',
      'Bootstrapping',
      'Scaling',
      'Installing',
    ]);
  });

  it('produces valid SignificantEvents', () => {
    for (const event of kept) expect(SignificantEventSchema.parse(event)).toEqual(event);
    expect(kept.at(-1)).toMatchObject({
      reason: 'CAPIClusterIsReady',
      at: new Date(T0 + 378_000).toISOString(),
      count: 1,
    });
  });

  it('streaming the same events one by one (in time order) keeps the same ones', () => {
    const ordered = [...raw].sort((a, b) => (readKubeEvent(a)?.atMs ?? 0) - (readKubeEvent(b)?.atMs ?? 0));
    let state: EventFilterState = emptyEventFilterState();
    const streamed: SignificantEvent[] = [];
    for (const item of ordered) {
      const result = admitRawEvent(state, item, SCOPE);
      state = result.state;
      if (result.event) streamed.push(result.event);
    }
    expect(streamed.map((e) => [e.reason, e.object.name])).toEqual(
      kept.map((e) => [e.reason, e.object.name]),
    );
    // The dedup memory stays small: only keys inside the window are kept.
    expect(Object.keys(state.lastAdmittedAt).length).toBeLessThanOrEqual(3);
  });

  it('without the sibling list, a look-alike neighbour (dev-cluster-1-eu) leaks in — the list is what settles it', () => {
    const loose = filterSignificantEvents(raw, { name: CLUSTER, namespace: NS });
    expect(loose.some((e) => e.object.name.startsWith('dev-cluster-1-eu'))).toBe(true);
    expect(loose.some((e) => e.object.name.startsWith('dev-cluster-10'))).toBe(false);
  });
});

describe('event filter: de-duplication', () => {
  const warning = (t: number, extra: Partial<EventSpec> = {}): unknown =>
    rawEvent({
      t,
      kind: 'AzureCluster',
      name: CLUSTER,
      reason: 'ReconcileError',
      type: 'Warning',
      message: 'boom',
      ...extra,
    });

  it('one event per reason + object per 30 s window (not sliding)', () => {
    const kept = filterSignificantEvents(
      [0, 10, 29, 30, 45, 59, 60].map((t) => warning(t)),
      SCOPE,
    );
    expect(kept.map((e) => (Date.parse(e.at) - T0) / 1000)).toEqual([0, 30, 60]);
    expect(DEFAULT_DEDUP_WINDOW_MS).toBe(30_000);
  });

  it('different objects or reasons are not duplicates', () => {
    const kept = filterSignificantEvents(
      [
        warning(0),
        warning(1, { name: `${CLUSTER}-cp-0`, kind: 'Machine' }),
        warning(2, { reason: 'FailedDraining' }),
      ],
      SCOPE,
    );
    expect(kept).toHaveLength(3);
  });

  it('the window is configurable', () => {
    const events = [0, 5, 10].map((t) => warning(t));
    expect(filterSignificantEvents(events, SCOPE, { dedupWindowMs: 5_000 })).toHaveLength(3);
    expect(filterSignificantEvents(events, SCOPE, { dedupWindowMs: 60_000 })).toHaveLength(1);
  });

  it('the very same record is never shown twice, even after the window (watch re-list)', () => {
    const first = warning(0, { uid: 'same', count: 3 });
    let { state, events } = filterSignificantEventsWithState([first], SCOPE);
    expect(events).toHaveLength(1);
    const redelivered = rawEvent({
      t: 0,
      kind: 'AzureCluster',
      name: CLUSTER,
      reason: 'ReconcileError',
      type: 'Warning',
      message: 'boom',
      uid: 'same',
      count: 3,
    });
    ({ state, events } = filterSignificantEventsWithState(
      [redelivered],
      SCOPE,
      { nowMs: T0 + 120_000 },
      state,
    ));
    expect(events).toHaveLength(0);
    // A new occurrence of the same record (count bumped, later time) is news again.
    const bumped = rawEvent({
      t: 90,
      kind: 'AzureCluster',
      name: CLUSTER,
      reason: 'ReconcileError',
      type: 'Warning',
      message: 'boom',
      uid: 'same',
      count: 4,
    });
    ({ events } = filterSignificantEventsWithState([bumped], SCOPE, {}, state));
    expect(events).toHaveLength(1);
    expect(events[0]?.count).toBe(4);
  });

  it('events without any time use nowMs', () => {
    const [event] = filterSignificantEvents(
      [
        {
          involvedObject: { name: CLUSTER, kind: 'Cluster' },
          reason: 'Provisioned',
          message: `Cluster ${CLUSTER} is Provisioned`,
        },
      ],
      SCOPE,
      { nowMs: T0 },
    );
    expect(event?.at).toBe(new Date(T0).toISOString());
  });
});

describe('event filter: significance and suppress list', () => {
  const read = (spec: Partial<EventSpec>) => {
    const event = readKubeEvent(
      rawEvent({ t: 0, kind: 'Cluster', name: CLUSTER, reason: 'X', message: '', ...spec }),
    );
    if (event === undefined) throw new Error('unreadable');
    return event;
  };
  const suppressed = new Set(DEFAULT_SUPPRESSED_REASONS);

  it('milestones by reason and by wording', () => {
    expect(classifyEvent(read({ reason: 'InstallSucceeded' }), suppressed)).toEqual({
      significant: true,
      indicates: 'Provisioning',
    });
    expect(classifyEvent(read({ reason: 'SuccessfulCreateVPC' }), suppressed)).toEqual({
      significant: true,
      indicates: 'Provisioning',
    });
    expect(
      classifyEvent(
        read({ reason: 'SuccessfulCreate', message: 'Created new control-plane instance with id "i-0abc"' }),
        suppressed,
      ),
    ).toEqual({
      significant: true,
      indicates: 'Bootstrapping',
    });
    expect(
      classifyEvent(
        read({ reason: 'SuccessfulCreate', message: 'Created machine "dev-cluster-1-md-0-x"' }),
        suppressed,
      ),
    ).toEqual({
      significant: true,
    });
    expect(
      classifyEvent(
        read({ reason: 'Whatever', message: 'Node ip-10-0-1-1 has joined the cluster' }),
        suppressed,
      ),
    ).toEqual({
      significant: true,
      indicates: 'Scaling',
    });
  });

  it('"is now false" is significant but no evidence of progress', () => {
    expect(
      classifyEvent(
        read({ reason: 'InfrastructureReady', message: 'Cluster dev InfrastructureReady is now false' }),
        suppressed,
      ),
    ).toEqual({
      significant: true,
    });
  });

  it('Warnings are significant unless suppressed; plain Normals are not', () => {
    expect(classifyEvent(read({ reason: 'InstallFailed', type: 'Warning' }), suppressed).significant).toBe(
      true,
    );
    expect(classifyEvent(read({ reason: 'VMIdentityNone', type: 'Warning' }), suppressed).significant).toBe(
      false,
    );
    expect(
      classifyEvent(read({ reason: 'Pulled', message: 'Container image pulled' }), suppressed).significant,
    ).toBe(false);
  });

  it('a caller suppress list adds to the defaults', () => {
    const events = [
      rawEvent({
        t: 0,
        kind: 'Cluster',
        name: CLUSTER,
        reason: 'Provisioning',
        message: `Cluster ${CLUSTER} is Provisioning`,
      }),
      rawEvent({
        t: 1,
        kind: 'AzureCluster',
        name: CLUSTER,
        reason: 'ReconcileError',
        type: 'Warning',
        message: 'x',
      }),
      rawEvent({
        t: 2,
        kind: 'HelmChart',
        name: CLUSTER,
        reason: 'ArtifactUpToDate',
        message: 'artifact up-to-date',
      }),
    ];
    expect(
      filterSignificantEvents(events, SCOPE, { suppressReasons: ['ReconcileError'] }).map((e) => e.reason),
    ).toEqual(['Provisioning']);
  });

  it('admitEvent takes an already-read event', () => {
    const result = admitEvent(
      emptyEventFilterState(),
      read({ reason: 'Provisioned', message: 'is Provisioned' }),
      SCOPE,
    );
    expect(result.event?.indicates).toBe('Bootstrapping');
    expect(admitEvent(emptyEventFilterState(), read({ name: 'other' }), SCOPE).event).toBeUndefined();
    expect(admitRawEvent(emptyEventFilterState(), 'not an event', SCOPE).event).toBeUndefined();
  });
});
