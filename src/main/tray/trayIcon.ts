import { join } from 'node:path';
import type { TrayState } from '../../shared/logic/tray';

/** The icon file per state; each has an @2x sibling that Electron picks up by name. */
const FILES: Readonly<Record<TrayState, string>> = {
  healthy: 'trayTemplate.png',
  degraded: 'tray-degradedTemplate.png',
  unhealthy: 'tray-unhealthyTemplate.png',
  unknown: 'tray-unknownTemplate.png',
  busy: 'tray-busyTemplate.png',
};

/**
 * The tray icon file for a state. All are template images (macOS tints them for light and
 * dark menu bars), so no state depends on colour: each has its own glyph (a badge for
 * degraded and unhealthy, a question mark for unknown, dots for busy). 16 px with @2x.
 */
export function trayIconPath(assetsDir: string, state: TrayState = 'healthy'): string {
  return join(assetsDir, FILES[state]);
}
