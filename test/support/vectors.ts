import { describe } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root, found from this file (test/support/vectors.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Real files written by other tools live in ../shared/vectors beside the clone (CI always has
 * it). A user's clone may not: tests that read them skip with this reason instead of failing.
 */
export const vectorsDir = process.env.TETHER_VECTORS_DIR ?? resolve(repoRoot, '..', 'shared', 'vectors');
export const hasVectors = existsSync(vectorsDir);
export const noVectorsReason = `../shared/vectors not found at ${vectorsDir} (a clone without the shared folder)`;

if (!hasVectors && process.env.CI) {
  // In CI the vectors are always beside the clone: their absence is a broken checkout, not a skip.
  throw new Error(`CI run without test vectors: ${noVectorsReason}`);
}

/** Absolute path of a vector file, e.g. vectorPath('kubeconfig', 'awscli-eks-output_combined.yaml'). */
export function vectorPath(...parts: string[]): string {
  return join(vectorsDir, ...parts);
}

/** A vector file's text. */
export function readVector(...parts: string[]): string {
  return readFileSync(vectorPath(...parts), 'utf8');
}

/**
 * `describe` for a block that reads vectors: runs when they are present; otherwise the block
 * is reported as skipped with the reason in its name, so the skip is never silent.
 */
export function describeVectors(name: string, fn: () => void): void {
  if (hasVectors) describe(name, fn);
  else describe.skip(`${name} [skipped: ${noVectorsReason}]`, fn);
}
