import type { ContainerSummary, PodSummary } from '../domain/health';
import { terminalText } from './text/terminalText';

/** Most lines a log request may ask for. */
export const MAX_LOG_TAIL_LINES = 1000;
/** Lines shown when nobody says how many. */
export const DEFAULT_LOG_TAIL_LINES = 50;
/** Most bytes of log text the API server is asked for (`limitBytes`), and passed on. */
export const MAX_LOG_BYTES = 256 * 1024;
/** A longer line is cut: one runaway line (a JSON dump, a minified stack) must not fill the view. */
export const MAX_LOG_LINE_CHARS = 4000;

/** Which container's output to show, and whether from its previous run. */
export interface LogTarget {
  readonly container: string | null;
  readonly previous: boolean;
}

/** The container ran before and that run ended: there is a previous run to read. */
export function hasPreviousRun(c: ContainerSummary | undefined): boolean {
  return c?.lastState?.state === 'terminated' || (c?.restartCount ?? 0) > 0;
}

/**
 * The container a developer wants to read when a pod fails, first match wins:
 * 1. one waiting in CrashLoopBackOff (init containers too): its previous run, the one that crashed;
 * 2. one terminated with a non-zero exit: its current (last) run;
 * 3. one waiting (not running, not terminated) after a run that ended: that run;
 * 4. otherwise the first regular container, current run (a running container's own output).
 * A container the caller names is used as named; its previous run if it is waiting after one.
 */
export function pickLogTarget(pod: PodSummary | null, requested?: string, previous?: boolean): LogTarget {
  const containers = pod?.containers ?? [];
  if (requested !== undefined) {
    const c = containers.find((x) => x.name === requested);
    return { container: requested, previous: previous ?? (c?.state === 'waiting' && hasPreviousRun(c)) };
  }
  const rules: [ContainerSummary | undefined, boolean][] = [
    [containers.find((c) => c.state === 'waiting' && c.reason === 'CrashLoopBackOff'), true],
    [containers.find((c) => c.state === 'terminated' && c.exitCode !== null && c.exitCode !== 0), false],
    [containers.find((c) => c.state === 'waiting' && hasPreviousRun(c)), true],
    [containers.find((c) => !c.init) ?? containers[0], false],
  ];
  for (const [c, prev] of rules) if (c) return { container: c.name, previous: previous ?? prev };
  return { container: null, previous: previous ?? false };
}

/**
 * Why the asked-for run cannot be read, known from the pod alone (no need to ask the node):
 * a previous run of a container that never restarted, a container the pod does not have.
 */
export function knownUnavailable(pod: PodSummary | null, target: LogTarget): string | null {
  if (!pod || target.container === null) return null;
  const c = pod.containers.find((x) => x.name === target.container);
  if (!c) {
    const names = pod.containers.map((x) => x.name).join(', ');
    return `Pod ${pod.name} has no container "${target.container}" (it has: ${names || 'none'}).`;
  }
  if (target.previous && !hasPreviousRun(c))
    return `Container ${c.name} has no previous run: it has not restarted. Its current run can be read.`;
  return null;
}

/** The query string of a log request, always bounded in lines and bytes. */
export function podLogQuery(target: LogTarget, tailLines: number): string {
  const q = new URLSearchParams();
  if (target.container !== null) q.set('container', target.container);
  if (target.previous) q.set('previous', 'true');
  q.set('tailLines', String(Math.max(1, Math.min(MAX_LOG_TAIL_LINES, Math.trunc(tailLines)))));
  q.set('limitBytes', String(MAX_LOG_BYTES));
  return q.toString();
}

/** Log text as passed on: the last lines, each cut to MAX_LOG_LINE_CHARS. */
export interface LogLines {
  readonly text: string;
  readonly lines: number;
  /** Lines were dropped or cut, or the API server stopped at `limitBytes`. */
  readonly truncated: boolean;
}

/**
 * The last `tailLines` lines of a log answer, each at most MAX_LOG_LINE_CHARS long.
 * `reachedLimit`: the answer is as long as `limitBytes` allowed, so the API server cut it.
 */
export function lastLines(text: string, tailLines: number, reachedLimit = false): LogLines {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === '') return { text: '', lines: 0, truncated: reachedLimit };
  const all = body.split('\n');
  const kept = all.slice(-Math.max(1, Math.trunc(tailLines)));
  let cut = false;
  const lines = kept.map((line) => {
    if (line.length <= MAX_LOG_LINE_CHARS) return line;
    cut = true;
    return `${line.slice(0, MAX_LOG_LINE_CHARS)}… (${line.length - MAX_LOG_LINE_CHARS} more characters)`;
  });
  return {
    text: lines.join('\n'),
    lines: lines.length,
    truncated: reachedLimit || cut || kept.length < all.length,
  };
}

// SGR (colour and style) sequences: ESC [ params m. Logs are full of them; they carry no meaning
// once shown as text, so they are dropped rather than shown as escapes.
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;:]*m/g;

/**
 * Log text as it may be shown: colour codes dropped, every other control character and bidi
 * override shown as a visible escape (the terminal-safe rule used for all cluster text).
 */
export function displayLogText(text: string): string {
  return terminalText(text.replace(SGR, ''));
}

/** What the API server's refusal to give logs means for the user. */
export type LogRefusalKind = 'forbidden' | 'unauthorized' | 'no-previous-run' | 'not-started' | 'failed';

/** The API server's refusal of a log read, in words a user acts on. */
export function logRefusal(
  status: number,
  serverMessage: string | undefined,
  req: { namespace: string; container: string | null; previous: boolean },
): { kind: LogRefusalKind; message: string } {
  const said = serverMessage ? ` The API server said: ${serverMessage}` : '';
  if (status === 403)
    return {
      kind: 'forbidden',
      message: `You may not read logs in ${req.namespace} (no "get" on pods/log there).${said}`,
    };
  if (status === 401)
    return { kind: 'unauthorized', message: 'The cluster did not accept your credentials (HTTP 401).' };
  const who = req.container !== null ? `Container ${req.container}` : 'The container';
  if (
    status === 400 &&
    req.previous &&
    /previous terminated container .* not found/i.test(serverMessage ?? '')
  )
    return { kind: 'no-previous-run', message: `${who} has no previous run to read.` };
  if (status === 400 && /is waiting to start|ContainerCreating|PodInitializing/i.test(serverMessage ?? ''))
    return { kind: 'not-started', message: `${who} has not started yet, so it has no output.${said}` };
  return {
    kind: 'failed',
    message: `The logs could not be read (HTTP ${status}).${said}`,
  };
}

/**
 * `kubectl logs [-p] NAME -n NS --context CTX [-c C] --tail=N`: the same read for a terminal,
 * quoted for a POSIX shell where needed. `-c` only when the pod has more than one container.
 */
export function kubectlLogsCommand(o: {
  context: string;
  namespace: string;
  name: string;
  container: string | null;
  previous: boolean;
  containerCount: number;
  tailLines: number;
}): string {
  const parts = ['kubectl', 'logs'];
  if (o.previous) parts.push('-p');
  parts.push(o.name, '-n', o.namespace, '--context', shellQuote(o.context));
  if (o.container !== null && o.containerCount > 1) parts.push('-c', o.container);
  parts.push(`--tail=${o.tailLines}`);
  return parts.join(' ');
}

/** A word safe to paste into a shell: as is when plain, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
