import { release } from 'node:os';
import { Notification, clipboard } from 'electron';
import { APP_VERSION } from '../core/app/version';
import type { Engine } from '../core/engine';
import { diagnosticsReport } from './diagnosticsReport';
import type { RecentError } from './recentErrors';
import type { StartupEnv } from './startupEnv';

/**
 * Puts the diagnostics report on the clipboard (tray menu ▸ More ▸ Copy Diagnostics): versions,
 * the login shell's environment, kubectl, paths, the engine's component health and the recent
 * warnings and errors. diagnosticsReport leaves credentials out.
 */
export async function copyDiagnostics(o: {
  engine: Engine;
  startup: StartupEnv;
  paths: { home: string; settings: string; logs: string };
  recent: () => RecentError[];
}): Promise<void> {
  const { shellEnv, kubectl: k } = o.startup;
  const text = await diagnosticsReport({
    dispatch: o.engine.dispatch,
    env: process.env,
    kubectl: k.ok ? { path: k.path } : { error: k.message },
    base: {
      app: {
        version: APP_VERSION,
        electron: process.versions.electron,
        platform: process.platform,
        arch: process.arch,
        osRelease: release(),
      },
      shellEnv,
      paths: o.paths,
      components: [
        {
          name: 'login shell environment',
          ok: shellEnv.ok,
          ...(shellEnv.error ? { detail: shellEnv.error } : {}),
        },
        { name: 'kubectl', ok: k.ok, ...(k.ok ? { detail: k.path } : { detail: k.message }) },
        { name: 'notifications', ok: Notification.isSupported() },
      ],
      recentErrors: o.recent(),
    },
  });
  await clipboard.writeText(text);
}
