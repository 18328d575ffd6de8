import ElectronStore from 'electron-store';
import type { Notification as TetherNotification } from '../../shared/contract';
import type { Logger } from '../core/app/log';
import { SettingsFile } from './settingsFile';

/**
 * The app's settings file (`config.json` in the Tether home) through electron-store, adopting
 * the headless `settings.json` on first run. A file that cannot be read is moved aside and the
 * app starts on defaults; the notification that says so is pushed onto `notices`, to be shown
 * once notifications are up.
 */
export function openSettings(o: {
  home: string;
  importFrom: string;
  log: Logger;
  notices: TetherNotification[];
}): SettingsFile {
  return SettingsFile.open({
    cwd: o.home,
    createStore: (opts) =>
      new ElectronStore<Record<string, unknown>>({
        ...opts,
        clearInvalidConfig: false,
        watch: false,
        // config.json: written through a temp file created with this mode, then renamed.
        configFileMode: 0o600,
      }),
    log: o.log,
    importFrom: o.importFrom,
    onRecovered: (message) =>
      o.notices.push({
        id: `settings-recovered:${Date.now()}`,
        kind: 'app.settings-recovered',
        severity: 'warning',
        title: 'Tether settings were reset',
        body: message,
        target: { view: 'settings' },
      }),
  });
}
