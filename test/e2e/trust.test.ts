/// <reference lib="dom" />
// What the popover shows can be trusted, in real Chromium against the real `tether serve` and
// a real control plane: a list that was refused or rejected says why instead of "No pods", a
// namespace-scoped context says which namespaces its lists cover, and during an API server outage (paused,
// then killed, then restarted) the kept lists say they are old and History keeps the outage
// as a gap. Rendered text only, no pixels.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, startHarness, type ClusterHandle, type Harness } from '../harness/index.ts';
import { expectAccessibleInBothThemes } from '../support/axe';
import { chromiumPath, launchChromium, noBrowserReason, screenshotPath } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';

const suite = chromiumPath ? describe : describe.skip;
/** A paused API server is noticed when its requests time out: about half a minute. */
const OUTAGE_TIMEOUT = 60_000;

suite(`trustworthy lists in the popover${chromiumPath ? '' : ` [skipped: ${noBrowserReason}]`}`, () => {
  let harness: Harness;
  let c: ClusterHandle;
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const row = (context: string) => page.locator(`[data-testid="context-row"][data-context="${context}"]`);
  const stateOf = (context: string) => row(context).getAttribute('data-state');
  const openDetail = async (context: string) => {
    await row(context)
      .getByRole('button', { name: /Open details/ })
      .click();
  };

  beforeAll(async () => {
    harness = await startHarness({ clusters: ['trust'] });
    c = harness.cluster('trust');
    await fixtures.seedCluster(c);
    serve = await startTetherServe(
      { KUBECONFIG: harness.kubeconfigPath, TETHER_KUBECTL: join(harness.info.binDir, 'kubectl') },
      {
        settings: {
          version: 1,
          monitoredContexts: [c.context, c.contextFor('badtoken'), c.contextFor('restricted')],
          health: {},
        },
      },
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 400, height: 600 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(e.message));
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

  it('a 401 context: its Pods and Events say the credentials were rejected, never "No pods"', async () => {
    const ctx = c.contextFor('badtoken');
    await expect.poll(() => stateOf(ctx), { timeout: 30_000 }).toBe('Unhealthy');
    await openDetail(ctx);
    const problem = page.getByTestId('list-problem');
    await expect.poll(() => problem.getAttribute('data-state'), { timeout: 15_000 }).toBe('unauthorized');
    const text = await problem.innerText();
    expect(text).toMatch(/Credentials rejected/);
    expect(text).toContain(`kubectl get pods -A --context ${ctx}`);
    expect(await page.locator('body').innerText()).not.toMatch(/No pods|credentials-rejected/);
    await expectAccessibleInBothThemes(page, '401 context, pods refused');
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect
      .poll(() => page.getByTestId('list-problem').innerText(), { timeout: 10_000 })
      .toContain(`kubectl get events -A --context ${ctx}`);
    expect(await page.locator('body').innerText()).not.toMatch(/Nothing happened/);
  });

  it('a namespace-scoped context: judged from the pods of its namespace, its lists say what they cover or that they are not allowed', async () => {
    const ctx = c.contextFor('restricted');
    // Its Role reads pods in its context's namespace (default), not events or nodes.
    await expect
      .poll(() => row(ctx).innerText(), { timeout: 30_000 })
      .toContain('pods in default (no cluster-wide access)');
    expect(await stateOf(ctx)).toMatch(/Healthy|Degraded/);
    await page.screenshot({ path: screenshotPath('limited-access') });
    await expectAccessibleInBothThemes(page, 'home with a namespace-scoped context');
    await openDetail(ctx);
    await expect
      .poll(() => page.getByTestId('list-scope').innerText(), { timeout: 15_000 })
      .toBe('Showing pods in default (no cluster-wide access)');
    expect(await page.locator('.detail').innerText()).not.toMatch(
      /This cluster has no pods|may not list|forbidden-partially/,
    );
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect
      .poll(() => page.getByTestId('list-problem').innerText(), { timeout: 10_000 })
      .toContain('Not allowed to list events');
    expect(await page.locator('body').innerText()).not.toMatch(/Nothing happened/);
  });

  it('API server paused, killed, restarted: the stale bar comes and goes, History keeps the outage as a gap', async () => {
    await expect.poll(() => stateOf(c.context), { timeout: 30_000 }).toMatch(/Healthy|Degraded/);
    await openDetail(c.context);
    const pods = page.getByRole('list', { name: 'Pods' });
    await expect.poll(() => pods.getByTestId('pod-row').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    const bar = page.getByTestId('stale-bar');
    expect(await bar.count()).toBe(0);

    await c.pauseApiServer();
    try {
      await expect.poll(() => bar.count(), { timeout: OUTAGE_TIMEOUT, interval: 500 }).toBe(1);
      expect(await bar.innerText()).toMatch(/^Showing data from \S+.* — API unreachable since \S+/);
      // The kept pods are still there, under the bar.
      expect(await pods.getByTestId('pod-row').count()).toBeGreaterThan(3);
      await page.screenshot({ path: screenshotPath('stale-bar') });
      await expectAccessibleInBothThemes(page, 'pods kept under the stale bar');
      // Once the probe has its verdict (a paused server is a timeout, so it comes after the
      // list's own failure), no latency from before the outage is shown.
      await expect
        .poll(() => page.locator('.detail-meta').innerText(), { timeout: OUTAGE_TIMEOUT, interval: 500 })
        .not.toMatch(/\d ms/);
    } finally {
      c.resumeApiServer();
    }
    await c.stopApiServer();
    try {
      // Killed: refused at once. The bar stays and now names the refusal.
      await expect
        .poll(() => bar.innerText(), { timeout: OUTAGE_TIMEOUT, interval: 500 })
        .toMatch(/\(connection refused/);
      await page.getByRole('button', { name: 'Tether: home' }).click();
      expect(await row(c.context).innerText()).toMatch(/(Unreachable|Not answering) since .+ — /);
      await openDetail(c.context);
      await page.getByRole('tab', { name: 'Events' }).click();
      await expect.poll(() => page.getByTestId('stale-bar').count(), { timeout: 10_000 }).toBe(1);
      await page.getByRole('tab', { name: 'Pods' }).click();
    } finally {
      await c.startApiServer();
    }
    await expect.poll(() => bar.count(), { timeout: OUTAGE_TIMEOUT, interval: 500 }).toBe(0);
    expect(await pods.getByTestId('pod-row').count()).toBeGreaterThan(3);

    await page.getByRole('tab', { name: 'History' }).click();
    const note = page.getByTestId('history-outages');
    await expect.poll(() => note.count(), { timeout: 20_000 }).toBe(1);
    expect(await note.innerText()).toMatch(/from \S+.* to \S+.*: shaded, and not counted as zero\./);
    expect(await page.getByTestId('history').getByRole('figure').count()).toBe(4);
    expect(errors).toEqual([]);
  });
});
