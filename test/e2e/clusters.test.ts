/// <reference lib="dom" />
// The popover in real Chromium against the real `tether serve` and a real control plane.
// This file starts its own two clusters (startHarness in beforeAll, ≈ 30–60 s) rather than
// living in the integration project: e2e tests need the built app and a browser, the
// integration project needs neither, and this keeps `--project e2e` self-contained.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, startHarness, type ClusterHandle, type Harness } from '../harness/index.ts';
import { chromiumPath, launchChromium, noBrowserReason, screenshotPath } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';
import { repoRoot } from '../support/vectors';

const suite = chromiumPath ? describe : describe.skip;
const HEALTHY_NS = 'tether-ui-ok';
/** The health engine notices a stopped API server in seconds; the page follows in ≤ 250 ms. */
const STATE_TIMEOUT = 30_000;

/** Saves a screenshot for the run and, for the best views, for the README. */
async function shot(page: Page, name: string, forDocs = false): Promise<void> {
  const path = screenshotPath(name);
  await page.screenshot({ path });
  if (forDocs) {
    const docs = join(repoRoot, 'docs', 'screenshots');
    mkdirSync(docs, { recursive: true });
    copyFileSync(path, join(docs, `${name}.png`));
  }
}

suite(
  `the popover against a real control plane${chromiumPath ? '' : ` [skipped: ${noBrowserReason}]`}`,
  () => {
    let harness: Harness;
    let a: ClusterHandle;
    let b: ClusterHandle;
    let serve: ServeHandle;
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];

    const row = (context: string) => page.locator(`[data-testid="context-row"][data-context="${context}"]`);
    const stateOf = (context: string) => row(context).getAttribute('data-state');

    beforeAll(async () => {
      harness = await startHarness({ clusters: ['ui-a', 'ui-b'] });
      a = harness.cluster('ui-a');
      b = harness.cluster('ui-b');
      await Promise.all([fixtures.seedCluster(a), fixtures.seedCluster(b)]);
      // The healthy view of cluster a: one namespace with a calm app, node check off (as health.test.ts).
      await fixtures.createNamespace(a, HEALTHY_NS);
      await fixtures.createApp(a, {
        namespace: HEALTHY_NS,
        name: 'calm',
        port: 80,
        containerPort: 8080,
        replicas: 2,
      });
      const [crashy] = await fixtures.listPods(
        b,
        fixtures.seed.namespace,
        `app=${fixtures.seed.pods.crashLoop}`,
      );
      await fixtures.recordEvents(b, [
        {
          involved: {
            kind: 'Pod',
            namespace: fixtures.seed.namespace,
            name: fixtures.seed.pods.crashLoop,
            uid: crashy?.metadata.uid ?? '',
          },
          type: 'Warning',
          reason: 'BackOff',
          message: 'Back-off restarting failed container main in pod crashy',
          component: 'kubelet',
        },
      ]);
      serve = await startTetherServe(
        { KUBECONFIG: harness.kubeconfigPath },
        {
          settings: {
            version: 1,
            monitoredContexts: [a.context, b.context],
            health: {
              contexts: { [a.context]: { namespaces: [HEALTHY_NS], checks: { nodeStatus: false } } },
            },
          },
        },
      );
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 380, height: 560 }, colorScheme: 'light' });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(serve.url);
    });

    // Every test starts from the home view, whatever the one before left open.
    beforeEach(async () => {
      await page?.getByRole('button', { name: 'Tether: home' }).click();
    });

    afterAll(async () => {
      await browser?.close();
      await serve?.stop();
      await harness?.stop();
    });

    it('a healthy and a degraded cluster, with the right colours and labels', async () => {
      await expect.poll(() => stateOf(a.context), { timeout: STATE_TIMEOUT }).toBe('Healthy');
      await expect.poll(() => stateOf(b.context), { timeout: STATE_TIMEOUT }).toBe('Degraded');
      await expect
        .poll(() => row(b.context).innerText(), { timeout: STATE_TIMEOUT })
        .toMatch(/NotReady|CrashLoopBackOff/);
      const healthy = row(a.context).locator('.state');
      const degraded = row(b.context).locator('.state');
      expect(await healthy.innerText()).toBe('Healthy');
      expect(await degraded.innerText()).toBe('Degraded');
      // The dot's colour is the theme's ok / warn colour (and differs between the two).
      const dotColor = (l: typeof healthy) =>
        l.locator('.dot').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(await dotColor(healthy)).toBe('rgb(31, 136, 61)');
      expect(await dotColor(degraded)).toBe('rgb(154, 103, 0)');
      expect(await row(a.context).innerText()).toMatch(/checked (just now|\d+ s ago)/);
      expect(await row(a.context).innerText()).toMatch(/2\/2 pods/);
      // a context that is not monitored says so in words
      expect(await row(a.contextFor('restricted')).innerText()).toContain('Not monitored');
      await expect
        .poll(() => page.getByRole('status', { name: 'Overall state' }).innerText())
        .toContain('1 degraded');
      await shot(page, 'clusters', true);
      await page.emulateMedia({ colorScheme: 'dark' });
      await shot(page, 'clusters-dark', true);
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('drilling into the crash-looping pod shows its restarts and events', async () => {
      await row(b.context)
        .getByRole('button', { name: /Open details/ })
        .click();
      const pods = page.getByRole('list', { name: 'Pods' });
      await expect.poll(() => pods.getByTestId('pod-row').count(), { timeout: 10_000 }).toBeGreaterThan(3);
      // problem pods first
      const first = pods.getByTestId('pod-row').first();
      expect(await first.innerText()).toMatch(/CrashLoopBackOff|Unschedulable|Pending|Failed|Error/);
      await shot(page, 'cluster-pods', true);
      await page.getByRole('searchbox', { name: /Filter pods/ }).fill('crashy');
      await expect.poll(() => pods.getByTestId('pod-row').count()).toBe(1);
      await pods.getByTestId('pod-row').first().click();
      await expect
        .poll(() => page.getByTestId('pod-restarts').innerText(), { timeout: 10_000 })
        .toMatch(/^[1-9]\d*$/);
      expect(await page.getByTestId('pod-status').innerText()).toMatch(/CrashLoopBackOff|Error/);
      const events = page.getByRole('list', { name: 'Pod events' });
      await expect.poll(() => events.innerText(), { timeout: 10_000 }).toContain('BackOff');
      await shot(page, 'pod-detail', true);
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByRole('tab', { name: 'Events' }).click();
      const list = page.getByRole('list', { name: 'Events' });
      await expect.poll(() => list.getByTestId('event-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await list.getByTestId('event-row').first().innerText()).toContain('Warning');
      await shot(page, 'cluster-events');
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByTestId('history').or(page.getByText('Not enough history yet')).waitFor();
      await shot(page, 'cluster-history');
      await page.getByRole('button', { name: 'Tether: home' }).click();
    });

    it('keyboard: arrows to a cluster, Enter opens, / filters, Enter opens the pod, Esc goes back twice', async () => {
      await page.locator('body').click({ position: { x: 370, y: 550 } });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const focused = () =>
        page.evaluate(
          () =>
            document.activeElement?.getAttribute('data-focus-key') ??
            document.activeElement?.getAttribute('aria-label') ??
            '',
        );
      expect(await focused()).toBe(`cluster:${b.context}`);
      await page.keyboard.press('Enter');
      await page.getByRole('list', { name: 'Pods' }).waitFor();
      await page.keyboard.press('/');
      await page.keyboard.type('crashy');
      await expect
        .poll(() => page.getByRole('list', { name: 'Pods' }).getByTestId('pod-row').count())
        .toBe(1);
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe(`pod:${fixtures.seed.namespace}/${fixtures.seed.pods.crashLoop}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: fixtures.seed.pods.crashLoop }).waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(focused).toBe(`pod:${fixtures.seed.namespace}/${fixtures.seed.pods.crashLoop}`);
      await page.keyboard.press('Escape');
      await expect.poll(focused).toBe(`cluster:${b.context}`);
      await page.keyboard.press('ArrowUp');
      expect(await focused()).toBe(`cluster:${a.context}`);
    });

    it('settings and app health are one click away', async () => {
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await page.getByRole('radiogroup', { name: 'Theme' }).innerText()).toContain('Dark');
      await shot(page, 'settings');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'App health' }).click();
      const parts = page.getByRole('list', { name: 'Components' });
      await expect.poll(() => parts.innerText()).toContain('Engine connection');
      await shot(page, 'app-health');
      await page.keyboard.press('Escape');
    });

    it('stop a cluster API server → Unhealthy in the page; start it → Healthy again', async () => {
      await expect.poll(() => stateOf(a.context), { timeout: STATE_TIMEOUT }).toBe('Healthy');
      await a.stopApiServer();
      try {
        await expect
          .poll(() => stateOf(a.context), { timeout: STATE_TIMEOUT, interval: 250 })
          .toBe('Unhealthy');
        expect(await row(a.context).locator('.state').innerText()).toBe('Unhealthy');
        expect(await row(a.context).innerText()).toMatch(/API unreachable/);
        expect(await stateOf(b.context)).toBe('Degraded');
        await shot(page, 'cluster-unhealthy', true);
      } finally {
        await a.startApiServer();
      }
      await expect.poll(() => stateOf(a.context), { timeout: 60_000, interval: 250 }).toBe('Healthy');
      expect(errors).toEqual([]);
    });
  },
);
