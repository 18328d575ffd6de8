// Builds (cold) or reuses (warm) the control-plane binaries by running build-binaries.sh.
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { binaryNames, buildScript, versions } from './config.ts';

/** What ensureBinaries found or built. */
export interface Binaries {
  binDir: string;
  stagesDir: string;
  /** Seconds the script took; a warm run is well under one. */
  seconds: number;
}

/**
 * Runs the build script and checks every binary it promises. A cold build takes many
 * minutes on 2 cores, so the script's progress goes to our stderr. Throws with the
 * script's own words on failure: a harness that cannot be built must fail loudly.
 */
export async function ensureBinaries(opts: { quiet?: boolean } = {}): Promise<Binaries> {
  const started = performance.now();
  const result = await execa('bash', [buildScript], {
    stderr: opts.quiet ? 'pipe' : 'inherit',
    reject: false,
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `tether harness: building the control plane failed (exit ${result.exitCode}).\n` +
        `Run \`bash ${buildScript}\` to see why; it needs Go and the Go module proxy.\n` +
        String(result.stderr ?? ''),
    );
  }
  const binDir = result.stdout.trim().split('\n').pop() ?? '';
  for (const name of binaryNames) {
    try {
      await access(join(binDir, name), constants.X_OK);
    } catch {
      throw new Error(`tether harness: ${name} is missing from ${binDir} after the build`);
    }
  }
  const stagesDir = join(binDir, '..', `kwok-${versions.kwok}-stages`);
  try {
    await access(join(stagesDir, 'pod-ready.yaml'));
  } catch {
    throw new Error(`tether harness: kwok's default stages are missing from ${stagesDir}`);
  }
  return { binDir, stagesDir, seconds: (performance.now() - started) / 1000 };
}
