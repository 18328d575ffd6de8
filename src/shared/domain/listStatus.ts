import { z } from 'zod';

// One answer shape for every list the UI and CLI show (pods, events, forward targets,
// namespaces): the items come with what the engine knows about them, so an empty list is
// only ever called empty after a list that succeeded, and old items are marked as old.

const epochMs = z.number().int().nonnegative();

/**
 * Where a list stands:
 * - loaded: the list succeeded (items may be empty, and that means empty);
 * - forbidden: RBAC refuses the list (403);
 * - unauthorized: the credentials are rejected (401) or the credential helper failed;
 * - unreachable: the API does not answer (refused, timed out, 5xx);
 * - loading: the first list has not finished;
 * - off: the check that keeps this list is switched off in settings.
 */
export const ListStateSchema = z.enum([
  'loaded',
  'forbidden',
  'unauthorized',
  'unreachable',
  'loading',
  'off',
]);

/** What a list's items are worth, in words a person reads and the kubectl command that shows the same. */
export const ListStatusSchema = z.object({
  state: ListStateSchema,
  /** When the items were last known complete (null: never listed). */
  listedAt: epochMs.nullable(),
  /** True when the items are a list from before an outage, not the cluster as it is now. */
  stale: z.boolean(),
  /** One sentence: why the list is not loaded ("credentials rejected (401)"); empty when loaded. */
  reason: z.string(),
  /** Since when the API has not answered (unreachable and unauthorized only). */
  since: epochMs.nullable(),
  /** The kubectl command that lists the same, e.g. `kubectl get pods -A --context dev`. */
  kubectl: z.string(),
  /** The words kubectl prints for the same failure (the CLI writes them on stderr). */
  kubectlError: z.string().optional(),
  /** The engine keeps only part of the list (e.g. older Normal events are not kept). */
  truncated: z.boolean().optional(),
  /**
   * The list covers only some namespaces, in words: "pods in payments, web (no cluster-wide
   * access)". Absent when it covers the cluster (or the one namespace asked for).
   */
  scope: z.string().optional(),
  /** How many items the engine keeps when it caps the list. */
  keptLimit: z.number().int().positive().optional(),
});
export type ListStatus = z.infer<typeof ListStatusSchema>;
