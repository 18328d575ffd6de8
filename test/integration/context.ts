// What globalSetup provides to integration tests, typed, and a one-liner to use it.
import { inject } from 'vitest';
import { attachHarness } from '../harness/index.ts';
import type { Harness, HarnessInfo } from '../harness/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared clusters (tether-a, tether-b), seeded with fixtures.seed. */
    tetherHarness: HarnessInfo;
  }
}

/** The shared harness started by globalSetup (not owned: do not stop it). */
export function sharedHarness(): Harness {
  return attachHarness(inject('tetherHarness'));
}
