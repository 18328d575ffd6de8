import { join } from 'node:path';
import type { TrayState } from '../../shared/logic/tray';

/** The macOS icon file per state; each has an @2x sibling that Electron picks up by name. */
const TEMPLATES: Readonly<Record<TrayState, string>> = {
  healthy: 'trayTemplate.png',
  degraded: 'tray-degradedTemplate.png',
  unhealthy: 'tray-unhealthyTemplate.png',
  unknown: 'tray-unknownTemplate.png',
  busy: 'tray-busyTemplate.png',
};

/**
 * The tray icon file for a state. On macOS they are template images (the name ends in
 * `Template`: the OS tints them for light and dark menu bars), so no state depends on colour:
 * each has its own glyph (a "!" for degraded, a "×" for unhealthy, a "?" for unknown, dots for
 * busy). Other platforms show images as they are: white ink with a dark outline, readable on
 * light and dark panels. 16 px with @2x; drawn by scripts/make-icons.mjs.
 */
export function trayIconPath(
  assetsDir: string,
  state: TrayState = 'healthy',
  platform: NodeJS.Platform = 'darwin',
): string {
  return join(assetsDir, platform === 'darwin' ? TEMPLATES[state] : `tray-${state}-light.png`);
}
