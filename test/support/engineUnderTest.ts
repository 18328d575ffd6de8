import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../src/main/core/engine';
import type { ForwardsFile } from '../../src/main/core/forwards/forwardStore';
import { defaultEngineSettings, type EngineSettings } from '../../src/main/core/settings/engineSettings';
import type { SettingsStorage } from '../../src/main/core/settings/settingsStore';
import type { ForwardStatus } from '../../src/shared/contract';
import type { ForwardDraft } from '../../src/shared/domain/forward';
import { waitFor } from '../harness/index.ts';
import { memoryLogger } from './memoryLogger';

type MemoryLogger = ReturnType<typeof memoryLogger>;

/** Settings kept in memory: what a test writes is what the engine reads, no file involved. */
export function memoryStorage<T>(initial: T): SettingsStorage<T> {
  let value = initial;
  return { read: () => value, write: (v) => void (value = v) };
}

/** An engine in this process, headless, with its calls and a forward helper. */
export interface EngineUnderTest {
  engine: Engine;
  log: MemoryLogger;
  /** One contract call, as a client would make it; a refusal throws with its code. */
  call<T>(channel: string, req: unknown): Promise<T>;
  status(id: string): ForwardStatus;
  /** Saves and starts a forward, resolving once it is Active. */
  startActive(draft: ForwardDraft, timeoutMs?: number): Promise<ForwardStatus>;
  stop(): Promise<void>;
}

/**
 * A started engine reading `kubeconfigPath`, monitoring nothing until asked, with settings and
 * forwards in memory; `env` is the whole environment it sees (no PATH unless given).
 */
export async function startEngineUnderTest(o: {
  kubeconfigPath: string;
  env?: Record<string, string>;
  settings?: Partial<EngineSettings>;
}): Promise<EngineUnderTest> {
  const log = memoryLogger();
  const engine = createEngine({
    home: mkdtempSync(join(tmpdir(), 'tether-engine-')),
    mode: 'headless',
    log,
    env: { KUBECONFIG: o.kubeconfigPath, ...o.env },
    settingsStorage: memoryStorage<EngineSettings>({
      ...defaultEngineSettings(),
      monitoredContexts: [],
      ...o.settings,
    }),
    forwardsStorage: memoryStorage<ForwardsFile>({ version: 1, forwards: [] }),
  });
  await engine.start();
  const call = async <T>(channel: string, req: unknown): Promise<T> => {
    const r = await engine.dispatch(channel as never, req as never, { transport: 'in-process' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const status = (id: string) => engine.forwards.status(id);
  return {
    engine,
    log,
    call,
    status,
    async startActive(draft, timeoutMs = 30_000) {
      const id = (await call<{ forward: ForwardStatus }>('forwards:save', { forward: draft })).forward.spec
        .id;
      await call('forwards:start', { id });
      return await waitFor(async () => (status(id).state === 'Active' ? status(id) : undefined), {
        timeoutMs,
        intervalMs: 50,
        what: `forward ${id} Active (now ${status(id).state}: ${status(id).reason ?? ''})`,
      });
    },
    stop: () => engine.stop(),
  };
}
