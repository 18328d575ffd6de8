import { join, resolve } from 'node:path';

/**
 * The orphan guard's script when this process was started to be the guard, else undefined.
 *
 * The engine starts its guard as `process.execPath orphanGuardProcess.js --owner <pid> …` with
 * ELECTRON_RUN_AS_NODE=1. The packaged app's `runAsNode` fuse is off (a security requirement),
 * so Electron ignores that variable and starts the app itself with those arguments: the app
 * must then run the guard script instead of a second Tether. Only the script that sits next
 * to this bundle counts, and only with `--owner`.
 */
export function guardLaunchScript(argv: readonly string[], bundleDir: string): string | undefined {
  const script = argv[1];
  if (!script || !argv.includes('--owner')) return undefined;
  return resolve(script) === join(bundleDir, 'orphanGuardProcess.js') ? script : undefined;
}
