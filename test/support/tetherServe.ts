import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { repoRoot } from './vectors';

export interface ServeHandle {
  url: string;
  port: number;
  token: string;
  home: string;
  process: ResultPromise;
  /** SIGTERM, then wait for exit. */
  stop(): Promise<void>;
}

/**
 * Starts the real built `tether serve` (bin/tether.js → out/cli) as a child process, the way
 * a user runs it, and waits for the URL it prints. `settings` is written to
 * TETHER_HOME/settings.json first (the engine's schema: src/main/core/settings/engineSettings.ts);
 * `args` go after `serve` (e.g. `--port`).
 */
export async function startTetherServe(
  env: Record<string, string>,
  opts: { settings?: object; args?: string[] } = {},
): Promise<ServeHandle> {
  const bundle = join(repoRoot, 'out', 'cli', 'tether.js');
  if (!existsSync(bundle) || !existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) {
    throw new Error('Tether is not built: run `npm run build` (npm test does it first).');
  }
  const home = env.TETHER_HOME ?? mkdtempSync(join(tmpdir(), 'tether-serve-'));
  if (opts.settings) writeFileSync(join(home, 'settings.json'), JSON.stringify(opts.settings, null, 2));
  const child = execa(process.execPath, [join(repoRoot, 'bin', 'tether.js'), 'serve', ...(opts.args ?? [])], {
    env: { ...env, TETHER_HOME: home },
    extendEnv: true,
    reject: false,
    forceKillAfterDelay: 3000,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`tether serve printed no URL in 20 s: ${out}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    void child.then((r) => {
      clearTimeout(timer);
      reject(new Error(`tether serve exited (${r.exitCode}) before printing a URL: ${out}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    port: Number(parsed.port),
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    home,
    process: child,
    async stop() {
      child.kill('SIGTERM');
      await child;
    },
  };
}
