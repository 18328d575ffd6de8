import type { Dispatch } from '../../shared/contract';
import type { ContextList } from '../../shared/domain/contexts';
import type { ClusterSummary } from '../../shared/domain/health';
import { formatDiagnostics, type DiagnosticsInput } from './diagnostics';
import { kubectlClientVersion } from './kubectl';

/** Gathers the diagnostics through the contract (as any client would) and formats them. */
export async function diagnosticsReport(o: {
  dispatch: Dispatch;
  base: Omit<DiagnosticsInput, 'contexts' | 'clusters' | 'kubectl' | 'now'>;
  kubectl: { path?: string; error?: string };
  env: Record<string, string | undefined>;
  now?: number;
}): Promise<string> {
  const ctx = { transport: 'in-process' } as const;
  const [contexts, clusters, version] = await Promise.all([
    o.dispatch('contexts:list', {}, ctx),
    o.dispatch('clusters:list', {}, ctx),
    o.kubectl.path ? kubectlClientVersion(o.kubectl.path, o.env) : Promise.resolve({}),
  ]);
  return formatDiagnostics({
    ...o.base,
    now: o.now ?? Date.now(),
    kubectl: { ...o.kubectl, ...version },
    contexts: contexts.ok ? (contexts.value as ContextList) : undefined,
    clusters: clusters.ok ? (clusters.value as { clusters: ClusterSummary[] }).clusters : [],
  });
}
