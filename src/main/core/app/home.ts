import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The one folder where Tether keeps settings, state and logs: TETHER_HOME when set (tests,
 * several headless runs side by side), else the OS's app-data folder.
 */
export function resolveTetherHome(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.TETHER_HOME) return resolve(env.TETHER_HOME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Tether');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Tether');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'tether');
}

/** Where the pieces live inside the home folder. */
export function tetherPaths(home: string) {
  return {
    home,
    logs: join(home, 'logs'),
    logFile: join(home, 'logs', 'tether.log'),
    settings: join(home, 'settings.json'),
    forwards: join(home, 'forwards.json'),
    state: join(home, 'state'),
    server: join(home, 'state', 'server.json'),
  };
}
