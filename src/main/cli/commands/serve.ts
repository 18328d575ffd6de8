import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveTetherHome, tetherPaths } from '../../core/app/home';
import { installLastResort } from '../../core/app/lastResort';
import { createLogger } from '../../core/app/log';
import { ensurePrivateDir, tightenPrivateHome, writePrivateFile } from '../../core/app/privateFiles';
import { createEngine } from '../../core/engine';
import { ErrorCounts } from '../../core/watchdog/errorCounts';
import { startHeadlessServer } from '../../headless/server';
import { EXIT, UsageError, type CliCommand } from '../args';

/** Graceful shutdown normally takes well under 2 s (bench/watchdog); past this we exit regardless. */
const SHUTDOWN_DEADLINE_MS = 5_000;

/** Where the built renderer sits relative to this bundle (out/cli → out/renderer). */
function defaultStaticDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

/** `tether serve`: the engine in plain Node plus the UI over a loopback WebSocket. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary:
    'Run the Tether engine headless and serve the UI on 127.0.0.1 (Linux, SSH, tests). Prints the URL to open; ' +
    'the URL carries a per-run token. Stops on SIGINT/SIGTERM/SIGHUP (a second signal forces exit).',
  usage: 'tether serve [--port N] [--verbose]',
  options: {
    port: { type: 'string', short: 'p' },
    verbose: { type: 'boolean', short: 'v' },
  },
  async run({ values }, io) {
    let port = 0;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be a number from 0 to 65535 (got "${String(values.port)}")`);
      }
    }
    const home = resolveTetherHome(io.env);
    const paths = tetherPaths(home);
    // The token file lives here: this user's alone (0700), before anything is written.
    ensurePrivateDir(paths.state);
    const log = createLogger({
      file: paths.logFile,
      ...(values.verbose ? { echo: (line: string) => io.err(line) } : {}),
    });
    // What an older version left readable by others is made private, once.
    tightenPrivateHome(home, log);
    // The entry point's last net: a lost promise is logged and counted (app:health shows it) and
    // the forwards stay up; an uncaught exception exits, taking server.json with it.
    const errors = new ErrorCounts();
    installLastResort(process, {
      log,
      errors,
      onFatal: () => {
        try {
          rmSync(paths.server, { force: true });
        } finally {
          process.exit(EXIT.failed);
        }
      },
    });
    const engine = createEngine({ home, mode: 'headless', log, env: io.env, errors });
    await engine.start();
    let server;
    try {
      server = await startHeadlessServer({
        dispatch: engine.dispatch,
        bus: engine.bus,
        log,
        staticDir: io.env.TETHER_STATIC_DIR ?? defaultStaticDir(),
        port,
      });
    } catch (err) {
      await engine.stop();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        io.err(
          `tether serve: port ${port} on 127.0.0.1 is already in use; choose another with --port, or omit it.`,
        );
        return EXIT.unavailable;
      }
      throw err;
    }
    // Lets `tether status` and friends find this engine: 0600 from the first byte, never chmod'ed later.
    writePrivateFile(
      paths.server,
      JSON.stringify({ pid: process.pid, port: server.port, token: server.token }),
    );
    io.out(`Tether is running headless. Open: ${server.url}`);

    return await new Promise<number>((resolveExit) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          // Forced: our exit closes the orphan guard's pipe, and it ends every kubectl child.
          io.err(`tether serve: second ${signal}, exiting now`);
          log.warn('second signal: forced exit', { signal });
          process.exit(EXIT.interrupted);
        }
        stopping = true;
        log.info('shutting down', { signal });
        // Stuck somewhere (a kubectl that ignores SIGKILL, a hung close)? Do not hang the
        // terminal: exit anyway; the guard still ends what is left.
        const deadline = setTimeout(() => {
          log.error('graceful shutdown took too long: exiting', { afterMs: SHUTDOWN_DEADLINE_MS });
          process.exit(EXIT.failed);
        }, SHUTDOWN_DEADLINE_MS);
        deadline.unref();
        void (async () => {
          const t0 = performance.now();
          try {
            await server.close();
            await engine.stop();
          } catch (err) {
            log.error('error while shutting down', { error: String(err) });
          }
          rmSync(paths.server, { force: true });
          clearTimeout(deadline);
          log.info('shut down', {
            signal,
            tookMs: Math.round(performance.now() - t0),
            // What still holds the event loop (idle keep-alive sockets, timers): for diagnosis.
            lingering: process.getActiveResourcesInfo(),
          });
          resolveExit(EXIT.ok);
          // Everything Tether owns is stopped and flushed; what lingers must not hold the exit
          // up until the CLI's 2 s fallback (quit is measured by bench/watchdog).
          setImmediate(() => process.exit(EXIT.ok));
        })();
      };
      // SIGHUP: the SSH session or terminal went away; same graceful stop.
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => stop(sig));
    });
  },
};
