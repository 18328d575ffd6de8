/// <reference lib="dom" />
// The headless page keeps its token out of the address bar: after load the fragment is gone
// (not in history, bookmarks or a screen share), the token lives in sessionStorage, and a
// reload still talks to the engine. Real Chromium against the real `tether serve`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, WebSocket as PwWebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/index.ts';
import { chromiumPath, launchChromium, noBrowserReason } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';

const suite = chromiumPath ? describe : describe.skip;

suite(`the headless page's token${chromiumPath ? '' : ` [skipped: ${noBrowserReason}]`}`, () => {
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  /** Contract replies the page received over its WebSocket, per page load. */
  let replies = 0;

  beforeAll(async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tether-e2e-token-'));
    serve = await startTetherServe({ KUBECONFIG: join(empty, 'no-kubeconfig') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 400, height: 600 } });
    page.on('websocket', (ws: PwWebSocket) => {
      ws.on('framereceived', (f) => {
        if (String(f.payload).includes('"t":"reply"')) replies++;
      });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  const talksToEngine = async (what: string) => {
    await waitFor(async () => replies > 0, { timeoutMs: 15_000, intervalMs: 100, what });
    expect(await page.getByText('opened without the token').count()).toBe(0);
  };

  it('after load the fragment is empty and the page talks to the engine', async () => {
    expect(serve.url).toContain('#token=');
    await page.goto(serve.url);
    await talksToEngine('a contract reply after load');
    await waitFor(async () => (await page.evaluate(() => location.hash)) === '', {
      timeoutMs: 5000,
      intervalMs: 50,
      what: 'an empty fragment',
    });
    expect(page.url()).not.toContain('token');
    expect(page.url()).not.toContain(serve.token);
  });

  it('a reload keeps talking to the engine, with the token from sessionStorage', async () => {
    replies = 0;
    await page.reload();
    await talksToEngine('a contract reply after reload');
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect(page.url()).not.toContain(serve.token);
  });
});
