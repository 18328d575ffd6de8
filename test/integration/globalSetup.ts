// Starts the shared clusters once per `vitest --project integration` run, seeds them,
// and hands their description to every test file (inject('tetherHarness')) and to any
// child process (TETHER_TEST_KUBECONFIG). If the harness cannot start, this throws and
// the run fails: integration tests never skip silently.
import type { TestProject } from 'vitest/node';
import { becomeGroupLeader, destroyGroup, startHarness } from '../harness/index.ts';
// ProvidedContext['tetherHarness'] is declared in context.ts (types only; importing
// 'vitest' at runtime is for test files, not this main-process hook).

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Workers inherit this: if vitest is interrupted, its watchdog SIGKILLs them before
  // they can clean up, so this process kills the clusters they started too.
  becomeGroupLeader();
  const harness = await startHarness({ clusters: ['a', 'b'], seed: true });
  project.provide('tetherHarness', harness.info);
  process.env.TETHER_TEST_KUBECONFIG = harness.kubeconfigPath;
  return async () => {
    await harness.stop();
    // Dedicated clusters of workers that crashed before their afterAll.
    await destroyGroup();
  };
}
