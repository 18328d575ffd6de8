import { homedir } from 'node:os';
import { ContractError, type HealthSettingsView } from '../../../shared/contract';
import { resolveTetherHome, tetherPaths } from '../../core/app/home';
import { silentLogger } from '../../core/app/log';
import { loadKubeconfig } from '../../core/kubeconfig/load';
import { kubeconfigPaths } from '../../core/kubeconfig/paths';
import {
  defaultEngineSettings,
  EngineSettingsSchema,
  type EngineSettings,
} from '../../core/settings/engineSettings';
import { healthSettingsHandlers } from '../../core/settings/healthSettingsHandlers';
import { JsonFileStorage } from '../../core/settings/settingsStore';
import { EXIT, UsageError, type CliIo } from '../args';
import { connectToRunningEngine } from '../engineClient';
import { contextNotFound } from '../listReport';

// `tether cluster namespaces CONTEXT [add|remove NS…]`: the namespaces Tether watches pods and
// events in for a user who may not list them cluster-wide, beside the context's own namespace
// and those of its forwards. The list is the context's `watchNamespaces` health setting; the
// running engine applies a change at once, and without one the settings file is changed (the
// next start reads it).

const ACTIONS = ['list', 'add', 'remove'] as const;
type Action = (typeof ACTIONS)[number];

/** Reads and replaces one context's health overrides (the engine's own handlers, wherever it runs). */
interface HealthSettingsAccess {
  read(context: string): Promise<HealthSettingsView>;
  update(context: string, overrides: Record<string, unknown>): Promise<HealthSettingsView>;
  close(): void;
}

/** The running engine's `health:*` commands, or the same handlers over the settings file. */
async function settingsAccess(env: Record<string, string | undefined>): Promise<HealthSettingsAccess> {
  const running = await connectToRunningEngine(env);
  if (running) {
    return {
      read: (context) => running.client.invoke('health:settings', { context }),
      update: (context, overrides) => running.client.invoke('health:update', { context, overrides }),
      close: () => running.close(),
    };
  }
  const storage = new JsonFileStorage<EngineSettings>({
    file: tetherPaths(resolveTetherHome(env)).settings,
    parse: (raw) => EngineSettingsSchema.parse(raw),
    defaults: defaultEngineSettings,
    log: silentLogger,
  });
  const { merged } = await loadKubeconfig(kubeconfigPaths(env, homedir()));
  const h = healthSettingsHandlers({ storage, known: (c) => merged.contexts.has(c), apply: () => undefined });
  return {
    read: (context) => h['health:settings']({ context }, { transport: 'in-process' }),
    update: (context, overrides) => h['health:update']({ context, overrides }, { transport: 'in-process' }),
    close: () => undefined,
  };
}

/** Runs the subcommand; `names` are the namespaces after the action. */
export async function clusterNamespaces(
  context: string,
  args: readonly string[],
  json: boolean,
  io: CliIo,
): Promise<number> {
  const [first, ...names] = args;
  const action: Action = first === undefined ? 'list' : (first as Action);
  if (!(ACTIONS as readonly string[]).includes(action))
    throw new UsageError(`\`cluster namespaces\` takes ${ACTIONS.join(', ')} (got "${first}")`);
  if (action !== 'list' && names.length === 0)
    throw new UsageError(`\`cluster namespaces ${context} ${action}\` needs at least one NAMESPACE`);
  const access = await settingsAccess(io.env);
  try {
    let view = await access.read(context);
    if (action !== 'list') {
      const before = view.overrides.watchNamespaces ?? [];
      const after =
        action === 'add'
          ? [...before, ...names.filter((n) => !before.includes(n))]
          : before.filter((n) => !names.includes(n));
      const overrides: Record<string, unknown> = { ...view.overrides, watchNamespaces: after };
      if (after.length === 0) delete overrides.watchNamespaces;
      view = await access.update(context, overrides);
    }
    const list = view.effective.watchNamespaces ?? [];
    if (json) {
      io.exact(JSON.stringify({ context, watchNamespaces: list }, null, 2));
    } else {
      io.out(
        list.length > 0
          ? `Namespaces added for ${context}: ${list.join(', ')}`
          : `No namespaces added for ${context}.`,
      );
      io.out(
        "Watched when pods or events may not be listed cluster-wide, with the context's own namespace and those of its forwards.",
      );
    }
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof ContractError)) throw err;
    if (err.code === 'not-found') {
      io.err(contextNotFound(context));
      return EXIT.unavailable;
    }
    // A name that is not a namespace name: the settings' own words, nothing saved.
    io.err(`tether cluster namespaces: ${err.message}`);
    return err.code === 'bad-request' ? EXIT.usage : EXIT.failed;
  } finally {
    access.close();
  }
}
