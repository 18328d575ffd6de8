import type { WebPreferences } from 'electron';

/**
 * The popover's webPreferences, in one place so a test can assert them: the renderer gets
 * no Node, runs sandboxed and isolated, and can only reach the engine through the preload.
 */
export function popoverWebPreferences(preloadPath: string): WebPreferences {
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
    devTools: process.env.NODE_ENV === 'development',
  };
}
