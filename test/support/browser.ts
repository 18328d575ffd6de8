import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The flags every run uses: headless, and nothing that reaches for the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const CANDIDATES = [
  process.env.TETHER_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
].filter((p): p is string => typeof p === 'string' && p !== '');

/** The system Chromium (never a downloaded one), or undefined. */
export const chromiumPath = CANDIDATES.find((p) => existsSync(p));

/** Why browser tests cannot run here; in CI this is an error, not a skip. */
export const noBrowserReason = `no Chromium found (looked at ${CANDIDATES.join(', ')}; set TETHER_CHROMIUM)`;
if (!chromiumPath && process.env.CI) throw new Error(`CI run without a browser: ${noBrowserReason}`);

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(noBrowserReason);
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Where e2e screenshots go: TETHER_SCREENSHOTS_DIR, else a folder in the OS temp directory —
 * never the repository, so `npm test` leaves git clean. `npm run screenshots` sets the folder
 * and copies the README's pictures from it into docs/screenshots.
 */
export const screenshotDir = process.env.TETHER_SCREENSHOTS_DIR ?? join(tmpdir(), 'tether-screenshots');

/** The path for one named screenshot (its folder is created). */
export function screenshotPath(name: string): string {
  const dir = screenshotDir;
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
