import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContractError,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
} from '../../shared/contract';
import { resolveTetherHome, tetherPaths } from '../core/app/home';
import { createLogger, silentLogger } from '../core/app/log';
import { createEngine } from '../core/engine';
import {
  defaultEngineSettings,
  EngineSettingsSchema,
  type EngineSettings,
} from '../core/settings/engineSettings';
import { JsonFileStorage } from '../core/settings/settingsStore';
import { connectToRunningEngine } from './engineClient';

/** A typed call into an engine, wherever it runs. */
export interface CliEngine {
  /** 'running': a `tether serve` or the app answered; 'one-shot': started here for this command. */
  source: 'running' | 'one-shot';
  call<C extends CommandName>(channel: C, req: CommandRequest<C>): Promise<CommandResponse<C>>;
}

/**
 * Runs `fn` against the running engine when there is one; otherwise starts an engine here,
 * monitoring `contexts` (or the user's monitored contexts), waits until each has a settled
 * verdict (at most `settleMs`), runs `fn`, and stops it. The one-shot engine reads the user's
 * settings but never writes them, and keeps its logs out of the user's log file.
 */
export async function withEngine<T>(
  env: Record<string, string | undefined>,
  opts: { contexts?: string[]; settleMs?: number },
  fn: (engine: CliEngine) => Promise<T>,
): Promise<T> {
  const running = await connectToRunningEngine(env);
  if (running) {
    try {
      return await fn({ source: 'running', call: (ch, req) => running.client.invoke(ch, req) });
    } finally {
      running.close();
    }
  }
  const userSettings = new JsonFileStorage<EngineSettings>({
    file: tetherPaths(resolveTetherHome(env)).settings,
    parse: (raw) => EngineSettingsSchema.parse(raw),
    defaults: defaultEngineSettings,
    log: silentLogger,
  }).read();
  let settings: EngineSettings = { ...userSettings };
  if (opts.contexts?.length) settings = { ...settings, monitoredContexts: opts.contexts };
  const scratch = mkdtempSync(join(tmpdir(), 'tether-oneshot-'));
  const engine = createEngine({
    home: scratch,
    mode: 'headless',
    log: env.TETHER_DEBUG ? createLogger({ echo: (l) => process.stderr.write(l + '\n') }) : silentLogger,
    env,
    settingsStorage: { read: () => settings, write: (v) => void (settings = v) },
  });
  try {
    await engine.start();
    await settle(engine, opts.settleMs ?? 12_000);
    return await fn({
      source: 'one-shot',
      call: async (channel, req) => {
        const reply = await engine.dispatch(channel, req, { transport: 'in-process' });
        if (!reply.ok) throw ContractError.from(reply.error);
        return reply.value as CommandResponse<typeof channel>;
      },
    });
  } finally {
    await engine.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Waits until every monitor has a verdict and its informers have listed once. */
async function settle(engine: ReturnType<typeof createEngine>, maxMs: number) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const done = engine.clusters.contexts().every((c) => engine.clusters.monitor(c).isSettled);
    if (done) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
