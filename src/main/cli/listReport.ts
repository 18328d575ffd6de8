import type { ListStatus } from '../../shared/contract';
import { EXIT, type CliIo } from './args';
import { ago } from './format';
import type { CliEngine } from './withEngine';

// How the read commands report a list that is not simply loaded: kubectl's words on stderr
// and exit 1, so a script never mistakes a refused or failed list for an empty one; a list
// kept from before an outage is printed with a "# stale:" line on stderr, and still exits 1.

const clock = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** "# stale: last listed 2 min ago — API unreachable since 08:15 (connection refused: …)". */
export function staleLine(status: ListStatus, now = Date.now(), timeOfDay = clock): string {
  const cause = status.state === 'unauthorized' ? 'credentials rejected' : 'API unreachable';
  const since = status.since !== null ? ` since ${timeOfDay(status.since)}` : '';
  const reason = status.reason ? ` (${status.reason})` : '';
  return `# stale: last listed ${ago(status.listedAt, now)} — ${cause}${since}${reason}`;
}

/** The stderr lines for a list's status (none when loaded). */
export function statusLines(status: ListStatus, what: string, now = Date.now()): string[] {
  switch (status.state) {
    case 'loaded':
      // A list of some namespaces only says so, where it cannot be mistaken for the output.
      return status.scope ? [`# ${status.scope}`] : [];
    case 'loading':
      return [`error: ${what} have not been listed yet (the first list did not finish); try again`];
    case 'off':
      return [`error: ${what} are not listed: ${status.reason}`];
    case 'forbidden':
      return [status.kubectlError ?? `Error from server (Forbidden): ${status.reason}`];
    case 'unauthorized':
    case 'unreachable': {
      const lines = [status.kubectlError ?? `error: ${status.reason}`];
      if (status.stale) lines.push(staleLine(status, now));
      return lines;
    }
  }
}

/** Writes the status lines on stderr; returns the exit code the list deserves. */
export function reportListStatus(status: ListStatus, what: string, io: CliIo): number {
  for (const line of statusLines(status, what)) io.err(line);
  return status.state === 'loaded' ? EXIT.ok : EXIT.failed;
}

/** True when the list's items may be printed: it loaded, or it is a list kept from before an outage. */
export function hasItems(status: ListStatus): boolean {
  return status.state === 'loaded' || status.stale;
}

/** kubectl's words for a context the kubeconfig does not have. */
export function contextNotFound(context: string): string {
  return `Error in configuration: context was not found for specified context: ${context}`;
}

/**
 * Makes sure the engine can answer about `context` without changing any setting: a running
 * engine that does not watch it takes a one-off look (clusters:peek); nothing is saved.
 * Returns false when the kubeconfig has no such context.
 */
export async function prepareContext(engine: CliEngine, context: string): Promise<boolean> {
  const contexts = await engine.call('contexts:list', {});
  if (!contexts.contexts.some((c) => c.name === context)) return false;
  if (engine.source === 'one-shot') return true;
  const list = await engine.call('clusters:list', {});
  if (!list.clusters.some((c) => c.context === context)) {
    await engine.call('clusters:peek', { context, holdMs: 30_000 });
  }
  return true;
}
