import type { Options, ResultPromise } from 'execa';
import {
  classifyKubectlLine,
  kubectlErrorMessage,
  parseForwardingLine,
  type KubectlLineKind,
} from './kubectlArgs';
import { background } from '../app/background';
import { silentLogger, type Logger } from '../app/log';
import { tcpDialer, type Dialer } from './tunnel/dialer';

/**
 * Starts a child as execa does, watched by the orphan guard for its whole life (the engine
 * passes its GuardedChildRegistry's `spawn`). The child comes wrapped, because an async
 * function would otherwise wait for a ResultPromise to settle.
 */
export type GuardedSpawn = (
  file: string,
  args: readonly string[],
  options: Options,
) => Promise<{ child: ResultPromise }>;

/** How to run kubectl: its path, the environment (KUBECONFIG as the engine reads it), and the spawner. */
export interface KubectlCommand {
  path: string;
  env: Record<string, string | undefined>;
  spawn: GuardedSpawn;
}

/** Options for {@link startTunnel}. */
export interface TunnelOptions {
  kubectl: KubectlCommand;
  args: string[];
  /** How long kubectl may take to say which port it took (default 20 s). */
  readyTimeoutMs?: number;
  /** kubectl exited after the tunnel was up; `message` is its last error line. */
  onExit(message: string): void;
  /** A line after the tunnel was up that matters (lost connection, forward error). */
  onTrouble?(kind: Exclude<KubectlLineKind, 'other'>, line: string): void;
  /** Where a failure in the exit handling is logged (it must never be an unhandled rejection). */
  log?: Logger;
}

/** A running tunnel to one pod port: a `kubectl port-forward`, or the engine's own (tunnel/). */
export interface Tunnel {
  /** Opens each client's connection through it (kubectl's ephemeral port on 127.0.0.1, or a WebSocket). */
  readonly dialer: Dialer;
  readonly exited: boolean;
  /**
   * A native tunnel on a protocol other than the best: why the better ones were passed over
   * (each refusal in the server's words). Absent for the best protocol and for kubectl.
   */
  readonly passedOver?: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The tunnel could not be established; `message` is what kubectl or the API server said.
 * `refusedUpgrade` marks a native tunnel whose every protocol was refused as a protocol (not
 * for credentials or a missing pod): kubectl may still get through.
 */
export class TunnelStartError extends Error {
  readonly refusedUpgrade: boolean;
  /** RBAC refused every attempt (403): the user's permissions, not the tunnel, must change. */
  readonly forbidden: boolean;
  constructor(message: string, refusedUpgrade = false, forbidden = false) {
    super(message);
    this.refusedUpgrade = refusedUpgrade;
    this.forbidden = forbidden;
  }
}

/**
 * Starts one `kubectl port-forward` (an argument array, never a shell) and resolves once it
 * printed its "Forwarding from 127.0.0.1:N" line. Rejects with kubectl's own error when it
 * exits first or stays silent past the timeout (the child is then killed).
 */
export async function startTunnel(o: TunnelOptions): Promise<Tunnel> {
  const { child }: { child: ResultPromise } = await o.kubectl.spawn(o.kubectl.path, o.args, {
    env: o.kubectl.env,
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Node's own kill when the engine exits; the orphan guard (kubectl.spawn) covers kill -9,
    // a crash and a frozen engine.
    cleanup: true,
    windowsHide: true,
  });
  const log = o.log ?? silentLogger;
  let output = '';
  let partial = '';
  let ready = false;
  let exited = false;
  let onReady: ((port: number) => void) | undefined;
  const done = child.then(
    () => undefined,
    () => undefined,
  );
  const onData = (d: Buffer) => {
    partial += d.toString();
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      // Keep only the tail: a long-lived kubectl prints a line per connection.
      output = (output + line + '\n').slice(-4000);
      const port = parseForwardingLine(line);
      if (port !== undefined && !ready) onReady?.(port);
      else if (ready) {
        const kind = classifyKubectlLine(line);
        if (kind !== 'other') o.onTrouble?.(kind, line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const stop = async (graceMs = 1_000) => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  };

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new TunnelStartError(
          `kubectl did not open a port within ${Math.round((o.readyTimeoutMs ?? 20_000) / 1000)} s`,
        ),
      );
      background(stop(200), log, 'stopping kubectl after its start timed out');
    }, o.readyTimeoutMs ?? 20_000);
    onReady = (p) => {
      clearTimeout(timer);
      ready = true;
      resolve(p);
    };
    const exitHandling = done.then(async () => {
      exited = true;
      clearTimeout(timer);
      if (!ready) {
        const r = await child.catch((e: unknown) => e as { message?: string; code?: string });
        const spawnError =
          (r as { code?: string }).code === 'ENOENT' ||
          /ENOENT/.test(String((r as { message?: string }).message));
        reject(
          new TunnelStartError(
            spawnError
              ? `kubectl not found at "${o.kubectl.path}" (set TETHER_KUBECTL or put kubectl on PATH)`
              : kubectlErrorMessage(output) || 'kubectl port-forward exited',
          ),
        );
        return;
      }
      o.onExit(kubectlErrorMessage(output) || 'kubectl port-forward exited');
    });
    background(exitHandling, log, 'kubectl exit handling', (err) => reject(err));
  });

  return {
    dialer: tcpDialer(port),
    get exited() {
      return exited;
    },
    stop,
  };
}
