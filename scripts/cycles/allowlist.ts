import type { EdgeName } from './findCycles.ts';

/**
 * Folder edges that lie on a cycle today and are being broken; any other edge on a cycle fails
 * `npm run lint`. An entry that no longer lies on a cycle is reported as stale: delete it then,
 * so the cycle cannot come back unnoticed. The file-level check (imports that run on load) has no
 * allowlist: there are no such cycles.
 */
export const FOLDER_CYCLES_ALLOWED: readonly EdgeName[] = [
  // forwards ↔ watchdog: forwards/kubectlTunnel.ts runs children through the module singleton
  // watchdog/guardedChildren.ts, while watchdog/createWatchdog.ts reads the ForwardSupervisor
  // type. Passing the guard in from engine.ts breaks it.
  'src/main/core/forwards -> src/main/core/watchdog',
  'src/main/core/watchdog -> src/main/core/forwards',
];
