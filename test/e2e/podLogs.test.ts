/// <reference lib="dom" />
// A crash-looping pod's last lines in the popover: real Chromium, the real `tether serve`, a
// real control plane whose fake kubelet (kwok) serves the pod's logs from files (its Logs
// resource). The lines are read only when the button is pressed; axe checks the view with the
// lines and with a refusal on screen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, startHarness, type ClusterHandle, type Harness } from '../harness/index.ts';
import { expectAccessibleInBothThemes } from '../support/axe';
import { chromiumPath, launchChromium, noBrowserReason, screenshotPath } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';

const suite = chromiumPath ? describe : describe.skip;
const NS = 'tether-ui-logs';

/** A CRI-format log file, as a kubelet keeps it and kwok reads it. */
function logFile(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    lines.map((l, i) => `2026-12-06T09:00:${String(i).padStart(2, '0')}Z stdout F ${l}\n`).join(''),
  );
  return path;
}

suite(`a crash-looping pod's last lines${chromiumPath ? '' : ` [skipped: ${noBrowserReason}]`}`, () => {
  let harness: Harness;
  let c: ClusterHandle;
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const logReads: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({ clusters: ['logs-ui'] });
    c = harness.cluster('logs-ui');
    await fixtures.createNodes(c, [{ name: 'kwok-node-0' }]);
    await fixtures.createNamespace(c, NS);
    const dir = mkdtempSync(join(tmpdir(), 'tether-e2e-logs-'));
    await c.apply({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: 'crasher', namespace: NS },
      spec: {
        logs: [
          {
            containers: ['main'],
            logsFile: logFile(dir, 'current.log', ['booting again']),
            previousLogsFile: logFile(dir, 'previous.log', [
              'loading config',
              '\u001b[1;31mFATAL\u001b[0m missing DATABASE_URL',
            ]),
          },
        ],
      },
    });
    await fixtures.createPod(c, { namespace: NS, name: 'crasher', state: 'crashloop' });
    serve = await startTetherServe(
      { KUBECONFIG: harness.kubeconfigPath, TETHER_KUBECTL: join(harness.info.binDir, 'kubectl') },
      { settings: { version: 1, monitoredContexts: [c.context], health: {} } },
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 400, height: 640 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(e.message));
    // Every WebSocket frame the page sends: the log reads it asks the engine for.
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        if (typeof f.payload === 'string' && f.payload.includes('clusters:podLogs')) logReads.push(f.payload);
      }),
    );
    await page.goto(serve.url);
  });

  beforeEach(async () => {
    await page?.getByRole('button', { name: 'Tether: home' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await harness?.stop();
  });

  it('the pod detail reads the crashed run when asked, shows it safely, and passes axe', async () => {
    await page
      .locator(`[data-testid="context-row"][data-context="${c.context}"]`)
      .getByRole('button', { name: /Open details/ })
      .click();
    const pods = page.getByRole('list', { name: 'Pods' });
    await expect.poll(() => pods.locator('[data-pod="crasher"]').count(), { timeout: 30_000 }).toBe(1);
    await pods.locator('[data-pod="crasher"]').click();
    await page.getByRole('heading', { name: 'crasher' }).waitFor();
    await expect
      .poll(() => page.getByTestId('pod-status').innerText(), { timeout: 15_000 })
      .toBe('CrashLoopBackOff');
    // Nothing read before the button.
    await page.waitForTimeout(500);
    expect(logReads).toEqual([]);

    await page.getByRole('button', { name: 'Show last 50 lines' }).click();
    const lines = page.getByTestId('log-lines');
    await expect
      .poll(() => lines.innerText(), { timeout: 15_000 })
      .toBe('loading config\nFATAL missing DATABASE_URL');
    expect(await page.getByTestId('logs-which').innerText()).toBe(
      'main, previous run (the one that ended) · 2 lines',
    );
    expect(logReads).toHaveLength(1);
    await page.screenshot({ path: screenshotPath('pod-logs') });
    await expectAccessibleInBothThemes(page, 'pod detail with its last lines');

    await page.getByRole('button', { name: 'Current run' }).click();
    await expect.poll(() => lines.innerText(), { timeout: 15_000 }).toBe('booting again');
    // Still only what was asked for: two reads, none on a timer.
    await page.waitForTimeout(3000);
    expect(logReads).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});
