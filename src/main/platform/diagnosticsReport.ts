import type { AppHealth, Dispatch } from '../../shared/contract';
import type { ContextList } from '../../shared/domain/contexts';
import type { ClusterSummary } from '../../shared/domain/health';
import { formatDiagnostics, type DiagnosticsInput } from './diagnostics';
import { kubectlClientVersion } from './kubectl';

/** One line per engine component (`app:health`), then the overall verdict. */
export function engineComponents(h: AppHealth): DiagnosticsInput['components'] {
  return [
    ...h.components.map((c) => ({
      name: `engine: ${c.name}`,
      ok: c.state === 'Healthy',
      detail: verdict(c.state, c.reason, c.timedOut),
    })),
    { name: 'engine', ok: h.state === 'Healthy', detail: verdict(h.state, h.reason, false) },
  ];
}

/** The reason, with the state in front when it is not Healthy ("ok" already says that). */
function verdict(state: string, reason: string, timedOut: boolean): string {
  const why = `${reason}${timedOut ? ' (check timed out)' : ''}`;
  return state === 'Healthy' ? why : `${state}: ${why}`;
}

/**
 * Gathers the diagnostics through the contract (as any client would) and formats them: the
 * engine's own component health (`app:health`) comes before the shell's components.
 */
export async function diagnosticsReport(o: {
  dispatch: Dispatch;
  base: Omit<DiagnosticsInput, 'contexts' | 'clusters' | 'kubectl' | 'now'>;
  kubectl: { path?: string; error?: string };
  env: Record<string, string | undefined>;
  now?: number;
}): Promise<string> {
  const ctx = { transport: 'in-process' } as const;
  const [contexts, clusters, health, version] = await Promise.all([
    o.dispatch('contexts:list', {}, ctx),
    o.dispatch('clusters:list', {}, ctx),
    o.dispatch('app:health', {}, ctx),
    o.kubectl.path ? kubectlClientVersion(o.kubectl.path, o.env) : Promise.resolve({}),
  ]);
  const engine = health.ok
    ? engineComponents(health.value as AppHealth)
    : [{ name: 'engine', ok: false, detail: `health not available: ${health.error.message}` }];
  return formatDiagnostics({
    ...o.base,
    components: [...engine, ...o.base.components],
    now: o.now ?? Date.now(),
    kubectl: { ...o.kubectl, ...version },
    contexts: contexts.ok ? (contexts.value as ContextList) : undefined,
    clusters: clusters.ok ? (clusters.value as { clusters: ClusterSummary[] }).clusters : [],
  });
}
