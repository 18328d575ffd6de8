/**
 * What the informers keep of each object: only the fields the health digests, the pod
 * drill-down and the forward supervisor read. Dropping managedFields, specs and annotations
 * is what keeps 10 clusters × 1,000 pods within the memory goal.
 */
type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

/**
 * One copy of each short string the pods repeat: JSON.parse gives every pod its own
 * "ContainersReady", "True", namespace, node name and creation second, ~16 strings a pod.
 * Bounded: cleared when full, so days of distinct timestamps cannot grow it.
 */
const pool = new Map<string, string>();
const POOL_MAX = 8192;
function intern<T>(v: T): T {
  if (typeof v !== 'string' || v.length > 64) return v;
  const hit = pool.get(v);
  if (hit !== undefined) return hit as T;
  if (pool.size >= POOL_MAX) pool.clear();
  pool.set(v, v);
  return v;
}

/** A small JSON value (a container state, labels) with its short strings interned. */
function internDeep(v: unknown): unknown {
  if (typeof v === 'string') return intern(v);
  if (Array.isArray(v)) return v.map(internDeep);
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = internDeep(x);
    return out;
  }
  return v;
}

export function slimPod(raw: unknown): Obj {
  const m = o(o(raw).metadata);
  const s = o(o(raw).status);
  const spec = o(o(raw).spec);
  return {
    metadata: {
      name: m.name,
      namespace: intern(m.namespace),
      uid: m.uid,
      labels: internDeep(m.labels),
      creationTimestamp: intern(m.creationTimestamp),
      deletionTimestamp: m.deletionTimestamp,
      ownerReferences: Array.isArray(m.ownerReferences)
        ? (m.ownerReferences as Obj[]).map((r) => ({ kind: intern(r.kind), name: intern(r.name) }))
        : undefined,
    },
    spec: {
      nodeName: intern(spec.nodeName),
      // Container ports: the forward supervisor resolves named ports from them.
      containers: Array.isArray(spec.containers)
        ? (spec.containers as Obj[]).map((c) => ({ name: c.name, ports: c.ports }))
        : undefined,
      // kubectl's READY counts init containers with restartPolicy Always (sidecars), and its
      // STATUS says `Init:N/M` with M the number of init containers.
      initContainers: Array.isArray(spec.initContainers)
        ? (spec.initContainers as Obj[]).map((c) => ({
            name: intern(c.name),
            restartPolicy: c.restartPolicy,
          }))
        : undefined,
      readinessGates: Array.isArray(spec.readinessGates) ? internDeep(spec.readinessGates) : undefined,
      schedulingGates: Array.isArray(spec.schedulingGates) ? internDeep(spec.schedulingGates) : undefined,
    },
    status: {
      phase: intern(s.phase),
      reason: intern(s.reason),
      message: s.message,
      startTime: intern(s.startTime),
      podIP: s.podIP,
      podIPs: Array.isArray(s.podIPs) && s.podIPs.length > 0 ? [{ ip: o(s.podIPs[0]).ip }] : undefined,
      nominatedNodeName: s.nominatedNodeName,
      conditions: Array.isArray(s.conditions) ? (s.conditions as unknown[]).map(slimCondition) : undefined,
      containerStatuses: Array.isArray(s.containerStatuses)
        ? (s.containerStatuses as unknown[]).map(slimContainerStatus)
        : undefined,
      initContainerStatuses: Array.isArray(s.initContainerStatuses)
        ? (s.initContainerStatuses as unknown[]).map(slimContainerStatus)
        : undefined,
    },
  };
}

/** A pod condition without its probe times and generation. */
function slimCondition(raw: unknown): Obj {
  const c = o(raw);
  return {
    type: intern(c.type),
    status: intern(c.status),
    reason: intern(c.reason),
    message: c.message,
    lastTransitionTime: intern(c.lastTransitionTime),
  };
}

/**
 * A container's status without image, image ID, container ID, mounts and resources: the
 * digests read its name, readiness, restarts and (last) state; the pod drill-down fetches
 * the whole pod from the API when it is opened.
 */
function slimContainerStatus(raw: unknown): Obj {
  const c = o(raw);
  return {
    name: intern(c.name),
    ready: c.ready,
    started: c.started,
    restartCount: c.restartCount,
    state: internDeep(c.state),
    lastState: internDeep(c.lastState),
  };
}

export function slimNode(raw: unknown): Obj {
  const m = o(o(raw).metadata);
  const s = o(o(raw).status);
  return {
    metadata: { name: m.name, labels: m.labels, creationTimestamp: m.creationTimestamp },
    spec: { unschedulable: o(o(raw).spec).unschedulable },
    status: { conditions: s.conditions, nodeInfo: { kubeletVersion: o(s.nodeInfo).kubeletVersion } },
  };
}

export function slimEvent(raw: unknown): Obj {
  const r = o(raw);
  const m = o(r.metadata);
  return {
    metadata: { name: m.name, namespace: m.namespace, creationTimestamp: m.creationTimestamp },
    type: r.type,
    reason: r.reason,
    message: r.message,
    count: r.count,
    firstTimestamp: r.firstTimestamp,
    lastTimestamp: r.lastTimestamp,
    eventTime: r.eventTime,
    series: r.series,
    involvedObject: r.involvedObject,
    source: r.source,
    reportingComponent: r.reportingComponent,
  };
}
