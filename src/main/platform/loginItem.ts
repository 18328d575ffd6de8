import type { App } from 'electron';

type LoginApp = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;

/** Whether Tether starts at login — the OS's answer (the user can change it in System Settings). */
export function launchesAtLogin(app: LoginApp): boolean {
  return app.getLoginItemSettings().openAtLogin;
}

/** Starts (or stops starting) Tether at login; LSUIElement keeps it out of the Dock. */
export function setLaunchAtLogin(app: LoginApp, on: boolean): void {
  app.setLoginItemSettings({ openAtLogin: on });
}
