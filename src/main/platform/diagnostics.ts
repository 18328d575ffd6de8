import type { ContextList } from '../../shared/domain/contexts';
import { redactSecrets, redactValue } from '../../shared/logic/text/redact';
import type { RecentError } from './recentErrors';

/** Everything "Copy diagnostics" reports. No credentials can be in it: every line is redacted. */
export interface DiagnosticsInput {
  now: number;
  app: { version: string; electron?: string | undefined; platform: string; arch: string; osRelease?: string };
  kubectl: { path?: string; version?: string; error?: string };
  shellEnv: { ok: boolean; error?: string };
  paths: { home: string; settings: string; logs: string };
  contexts: ContextList | undefined;
  clusters: readonly {
    context: string;
    state: string;
    connectivity: string;
    reasons: readonly { message: string }[];
  }[];
  /** Components and how they are doing (tray, notifications, engine parts). */
  components: readonly { name: string; ok: boolean; detail?: string }[];
  recentErrors: readonly RecentError[];
}

/**
 * The diagnostics text a user pastes into an issue: versions, how kubectl was found, the
 * contexts (names, servers and auth *kinds* only — the contract has no field for a secret),
 * cluster and component health, and the recent warnings and errors. Every line passes through
 * `redactSecrets` (cluster reasons carry exec-plugin stderr, problems quote kubeconfig text),
 * and logged fields through `redactValue`.
 */
export function formatDiagnostics(d: DiagnosticsInput): string {
  const lines: string[] = [];
  lines.push(`# Tether diagnostics (${new Date(d.now).toISOString()})`, '');
  lines.push(
    `Tether ${d.app.version}${d.app.electron ? ` · Electron ${d.app.electron}` : ''} · ${d.app.platform} ${d.app.arch}${d.app.osRelease ? ` ${d.app.osRelease}` : ''}`,
  );
  lines.push(
    d.kubectl.path
      ? `kubectl: ${d.kubectl.path} (${d.kubectl.version ?? `version unknown${d.kubectl.error ? `: ${d.kubectl.error}` : ''}`})`
      : `kubectl: not found${d.kubectl.error ? ` — ${d.kubectl.error}` : ''}`,
  );
  lines.push(
    `Login shell environment: ${d.shellEnv.ok ? 'read' : `not read (${d.shellEnv.error ?? 'unknown'})`}`,
  );
  lines.push(`Home: ${d.paths.home}`, `Settings: ${d.paths.settings}`, `Logs: ${d.paths.logs}`, '');

  lines.push('## Contexts');
  if (!d.contexts) lines.push('(kubeconfig not loaded)');
  else {
    lines.push(`Files: ${d.contexts.files.join(', ') || '(none)'}`);
    for (const c of d.contexts.contexts) {
      const problems = c.problems.length ? ` — problems: ${c.problems.join('; ')}` : '';
      lines.push(
        `- ${c.name}${c.isCurrent ? ' (current)' : ''}: server ${c.server ?? '?'}, auth ${c.authKind}${c.execCommand ? ` (${c.execCommand})` : ''}${problems}`,
      );
    }
    for (const p of d.contexts.problems) lines.push(`- file ${p.file}: ${p.message}`);
  }
  lines.push('', '## Clusters');
  if (d.clusters.length === 0) lines.push('(none monitored)');
  for (const c of d.clusters) {
    lines.push(
      `- ${c.context}: ${c.state}, API ${c.connectivity}${c.reasons.length ? ` — ${c.reasons.map((r) => r.message).join('; ')}` : ''}`,
    );
  }
  lines.push('', '## Components');
  for (const c of d.components)
    lines.push(`- ${c.name}: ${c.ok ? 'ok' : 'problem'}${c.detail ? ` — ${c.detail}` : ''}`);
  lines.push('', `## Recent warnings and errors (${d.recentErrors.length})`);
  for (const e of d.recentErrors) {
    const fields = Object.keys(e.fields).length ? ` ${JSON.stringify(redactValue(e.fields))}` : '';
    lines.push(`- ${e.t} ${e.level.toUpperCase()} ${e.msg}${fields}`);
  }
  return lines.map(redactSecrets).join('\n') + '\n';
}
