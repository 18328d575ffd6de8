// The harness's public API: a real Kubernetes control plane (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, kwok) for integration tests.
export { ensureBinaries } from './binaries.ts';
export { becomeGroupLeader, destroyGroup, destroyWorkdir, sweepLeftovers } from './cleanup.ts';
export { components, ClusterHandle } from './cluster.ts';
export type { ClusterInfo, ClusterUser, KubectlOptions } from './cluster.ts';
export { binDir, harnessRoot, versions } from './config.ts';
export { fixtures } from './fixtures/index.ts';
export type * from './fixtures/index.ts';
export { attachHarness, clusterName, Harness, startHarness } from './harness.ts';
export type { HarnessInfo, HarnessOptions } from './harness.ts';
export { descendantsNamed, kubectlPortForwards, processesMentioning } from './procs.ts';
export { echoThrough, exposeViaPortForward, kubectlPortForward, tcpRoundTrip } from './portForward.ts';
export type { Exposure, ExposeSpec, KubectlPortForward } from './portForward.ts';
export { RequestFailed, rawGet } from './request.ts';
export type { RawResponse } from './request.ts';
export { startEchoServer, startHttpServer } from './servers.ts';
export type { HttpHandler, LocalServer } from './servers.ts';
export { FAKE_STATE, fakeStates } from './stages.ts';
export { sleep, waitFor } from './wait.ts';
