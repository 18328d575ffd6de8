import type { WebPreferences } from 'electron';

/**
 * The popover's webPreferences, in one place so a test can assert them: the renderer gets
 * no Node, runs sandboxed and isolated, and can only reach the engine through the preload.
 */
export function popoverWebPreferences(preloadPath: string, app: { isPackaged: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    // Decided by how the app was built, never by an environment variable a shell rc can set.
    devTools: !app.isPackaged,
  };
}
