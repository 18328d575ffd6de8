import { ContractError } from '../../../shared/contract';
import { DEFAULT_LOG_TAIL_LINES, MAX_LOG_TAIL_LINES, displayLogText } from '../../../shared/logic/podLogs';
import { EXIT, UsageError, type CliIo } from '../args';
import type { CliEngine } from '../withEngine';

/** What `tether cluster logs` was asked: POD is `NAME` (with -n NS, else "default") or `NS/NAME`. */
export interface LogsArgs {
  pod: string | undefined;
  namespace: string | undefined;
  container: string | undefined;
  previous: boolean | undefined;
  tail: string | undefined;
  json: boolean;
}

/** Parses `--tail N`: 1…1000 lines, default 50. */
export function parseTail(tail: string | undefined): number {
  if (tail === undefined) return DEFAULT_LOG_TAIL_LINES;
  const n = Number(tail);
  if (!/^\d+$/.test(tail) || n < 1 || n > MAX_LOG_TAIL_LINES)
    throw new UsageError(`--tail takes a number of lines from 1 to ${MAX_LOG_TAIL_LINES} (got "${tail}")`);
  return n;
}

/**
 * `tether cluster logs CONTEXT POD [-c CONTAINER] [--previous] [--tail N]`: the last lines of
 * the failing container (its crashed run when it crash-loops), read once. As kubectl: the lines
 * on stdout and exit 0; a refusal (401, 403), an API server out of reach, a run that does not
 * exist or a pod that does not exist on stderr and exit 1. The log text goes through the CLI's
 * terminal-safe writer like every cluster string; colour codes are dropped.
 */
export async function clusterLogs(
  engine: CliEngine,
  context: string,
  a: LogsArgs,
  io: CliIo,
): Promise<number> {
  if (!a.pod) throw new UsageError('`cluster logs` needs a POD (NAME with -n NS, or NS/NAME)');
  const slash = a.pod.indexOf('/');
  const namespace = slash >= 0 ? a.pod.slice(0, slash) : (a.namespace ?? 'default');
  const name = slash >= 0 ? a.pod.slice(slash + 1) : a.pod;
  const tailLines = parseTail(a.tail);
  let r;
  try {
    r = await engine.call('clusters:podLogs', {
      context,
      namespace,
      name,
      ...(a.container !== undefined ? { container: a.container } : {}),
      ...(a.previous ? { previous: true } : {}),
      tailLines,
    });
  } catch (err) {
    if (err instanceof ContractError && err.code === 'bad-request') throw new UsageError(err.message);
    if (err instanceof ContractError && err.code === 'not-found') {
      io.err(`Error from server (NotFound): ${err.message}`);
      return EXIT.failed;
    }
    throw err;
  }
  if (a.json) {
    io.exact(JSON.stringify(r, null, 2) + '\n');
    return r.unavailable === null ? EXIT.ok : EXIT.failed;
  }
  if (r.unavailable !== null) {
    io.err(`error: ${r.unavailable.message}`);
    return EXIT.failed;
  }
  const which = `${r.container ?? 'its container'}, ${r.previous ? 'previous run' : 'current run'}`;
  io.err(`# ${namespace}/${name} (${which}), last ${r.lines} line${r.lines === 1 ? '' : 's'} — ${r.command}`);
  if (r.truncated) io.err('# older lines or long lines were cut');
  if (r.lines === 0) io.err('# (no output)');
  else for (const line of displayLogText(r.text).split('\n')) io.out(line);
  return EXIT.ok;
}
