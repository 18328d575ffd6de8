/// <reference lib="dom" />
// The popover in real Chromium against the real `tether serve` and a real control plane.
// This file starts its own two clusters (startHarness in beforeAll, ≈ 30–60 s) rather than
// living in the integration project: e2e tests need the built app and a browser, the
// integration project needs neither, and this keeps `--project e2e` self-contained.
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProvisioningPhase } from '../../src/shared/domain/provisioning';
import { buildProvisioningSnapshot } from '../../src/shared/logic/provisioning';
import {
  exposeViaPortForward,
  fixtures,
  startHarness,
  startHttpServer,
  type ClusterHandle,
  type Harness,
  type LocalServer,
} from '../harness/index.ts';
import { chromiumPath, launchChromium, noBrowserReason, screenshotPath } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';

const suite = chromiumPath ? describe : describe.skip;
const HEALTHY_NS = 'tether-ui-ok';
/** Cluster b's web app, reached through kwok's port-forward by the forward the form creates. */
const FWD_NS = 'tether-ui-fwd';
const WEB_PORT = 8080;
/** Cluster a's ClusterDeployments (the harness installs the k0rdent and CAPI CRDs). */
const PROV_NS = 'tether-ui-prov';
/** The health engine notices a stopped API server in seconds; the page follows in ≤ 250 ms. */
const STATE_TIMEOUT = 30_000;

/** True when something accepts TCP connections on 127.0.0.1:port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Saves a screenshot of the run into the temporary screenshot folder (never docs/: a test
 * writes no tracked file; `npm run screenshots` copies the README's pictures from there).
 */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name) });
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
    let web: LocalServer;
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
      // b's web app: kwok sends port-forwards to its pods' port 8080 to a real local HTTP server.
      web = await startHttpServer();
      await fixtures.createNamespace(b, FWD_NS);
      await fixtures.createApp(b, { namespace: FWD_NS, name: 'web', port: 80, containerPort: WEB_PORT });
      await exposeViaPortForward(b, { namespace: FWD_NS, port: WEB_PORT, target: { port: web.port } });
      await fixtures.createNamespace(a, PROV_NS);
      serve = await startTetherServe(
        {
          KUBECONFIG: harness.kubeconfigPath,
          TETHER_KUBECTL: join(harness.info.binDir, 'kubectl'),
        },
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
      await web?.close();
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
      expect(await dotColor(healthy)).toBe('rgb(22, 117, 46)');
      expect(await dotColor(degraded)).toBe('rgb(138, 92, 0)');
      expect(await row(a.context).innerText()).toMatch(/checked (just now|\d+ s ago)/);
      expect(await row(a.context).innerText()).toMatch(/2\/2 pods/);
      // contexts that are not monitored fold into one row; opened, each says so in words
      await page.getByTestId('more-contexts').click();
      expect(await row(a.contextFor('restricted')).innerText()).toContain('Not monitored');
      await page.getByTestId('more-contexts').click();
      await expect
        .poll(() => page.getByRole('status', { name: 'Overall state' }).innerText())
        .toContain('1 degraded');
      await shot(page, 'clusters');
      await page.emulateMedia({ colorScheme: 'dark' });
      await shot(page, 'clusters-dark');
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
      await shot(page, 'cluster-pods');
      await page.getByRole('searchbox', { name: /Filter pods/ }).fill('crashy');
      await expect.poll(() => pods.getByTestId('pod-row').count()).toBe(1);
      await pods.getByTestId('pod-row').first().click();
      await expect
        .poll(() => page.getByTestId('pod-restarts').innerText(), { timeout: 10_000 })
        .toMatch(/^[1-9]\d*( \(\w+ ago\))?$/);
      expect(await page.getByTestId('pod-status').innerText()).toMatch(/CrashLoopBackOff|Error/);
      const events = page.getByRole('list', { name: 'Pod events' });
      await expect.poll(() => events.innerText(), { timeout: 10_000 }).toContain('BackOff');
      await shot(page, 'pod-detail');
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
      // `tether serve` has no menu-bar preferences: a note that says so, not an error.
      await expect.poll(() => page.getByRole('note').innerText()).toMatch(/menu-bar app/);
      expect(await page.getByRole('alert').count()).toBe(0);
      await shot(page, 'settings');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'App health' }).click();
      const parts = page.getByRole('list', { name: 'Components' });
      await expect.poll(() => parts.innerText()).toContain('Engine connection');
      await shot(page, 'app-health');
      await page.keyboard.press('Escape');
    });

    it('the forward form blocks a bad port, only warns about an unknown namespace, then saves the fixed forward', async () => {
      await page.getByRole('button', { name: '+ Add' }).click();
      await page.getByRole('heading', { name: 'New port-forward' }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill('web');
      await page.getByLabel('Cluster context').selectOption(b.context);
      // The namespaces of b arrive for autocomplete; only then can the page tell one is unknown.
      await expect
        .poll(() => page.locator('#fw-namespaces option').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await page.getByLabel('Namespace').fill('no-such-namespace');
      await page.getByLabel(/^Target/).fill('svc/web');
      await page.getByLabel(/^Remote port/).fill('80');
      await page.getByLabel('Local port').fill('99999');
      await page.getByRole('button', { name: 'Save' }).click();
      const errorOf = (field: string) => page.locator(`#fw-${field}-error`);
      await expect.poll(() => errorOf('localPort').innerText()).toMatch(/65535|port/i);
      // A namespace nobody has seen is a warning, never a block: it may be created later.
      expect(await errorOf('namespace').count()).toBe(0);
      expect(await page.locator('#fw-namespace-warning').innerText()).toContain('no-such-namespace');
      expect(await page.locator('#fw-localPort').getAttribute('aria-invalid')).toBe('true');
      await shot(page, 'forward-form-errors');
      // Nothing was saved while the form was wrong.
      expect(await page.getByTestId('forward-row').count()).toBe(0);
      await page.getByLabel('Namespace').fill(FWD_NS);
      await page.getByLabel('Local port').fill('auto');
      // A new forward starts on save unless "Start now" is unticked; the next test starts it
      // with its switch.
      await page.getByLabel('Start now').uncheck();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('region', { name: 'Forwards' }).waitFor();
      await expect.poll(() => page.getByTestId('forward-row').count()).toBe(1);
      expect(await page.getByTestId('forward-row').getAttribute('data-state')).toBe('Stopped');
    });

    it('toggle a forward on → HTTP through its local port → toggle off → the port is closed', async () => {
      const fwd = page.getByTestId('forward-row');
      const toggle = fwd.getByRole('switch', { name: 'Forward web' });
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      await toggle.click();
      await expect
        .poll(() => fwd.getAttribute('data-state'), { timeout: STATE_TIMEOUT, interval: 250 })
        .toBe('Active');
      expect(await fwd.locator('.state').innerText()).toBe('Active');
      const addr = await fwd.getByTestId('forward-address').innerText();
      const port = Number(/^127\.0\.0\.1:(\d+)$/.exec(addr)?.[1]);
      expect(port).toBeGreaterThan(0);
      const before = (web as LocalServer & { requests: number }).requests;
      const res = await fetch(`http://127.0.0.1:${port}/through-tether`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, url: '/through-tether' });
      expect((web as LocalServer & { requests: number }).requests).toBe(before + 1);
      await fwd.scrollIntoViewIfNeeded();
      await shot(page, 'forward-active');
      await toggle.click();
      await expect.poll(() => fwd.getAttribute('data-state'), { timeout: STATE_TIMEOUT }).toBe('Stopped');
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      await expect.poll(() => portOpen(port), { timeout: 10_000 }).toBe(false);
      // A fresh page lists the saved forward once, stopped (the first list is not doubled).
      await page.reload();
      await expect.poll(() => page.getByTestId('forward-row').getAttribute('data-state')).toBe('Stopped');
      expect(await page.getByTestId('forward-row').count()).toBe(1);
    });

    it('a ClusterDeployment driven through its phases: the stepper advances to Ready', async () => {
      const cd = await fixtures.createClusterDeployment(a, { namespace: PROV_NS, name: 'ui-demo' });
      const card = page.locator(
        '[data-testid="provisioning-card"][data-kind="ClusterDeployment"][data-name="ui-demo"]',
      );
      // It shows up in the home view's Provisioning section first…
      await card.waitFor({ timeout: STATE_TIMEOUT });
      // …and in cluster a's own Provisioning tab, where the rest is watched.
      await row(a.context)
        .getByRole('button', { name: /Open details/ })
        .click();
      await page.getByRole('tab', { name: 'Provisioning' }).click();
      await card.waitFor();
      /** What the shared logic reads from the object as the API server has it now. */
      const phaseNow = async (): Promise<ProvisioningPhase> => {
        const r = buildProvisioningSnapshot({
          context: a.context,
          object: await cd.get(),
          nowMs: Date.now(),
        });
        if (!r.ok) throw new Error(r.error);
        return r.snapshot.phase;
      };
      const doneSteps = () => card.locator('.stepper [data-step="done"]').count();
      const progress: number[] = [];
      const seen: string[] = [];
      for (const p of fixtures.provisioningPhases) {
        await cd.next();
        const expected = await phaseNow();
        await expect
          .poll(() => card.getAttribute('data-phase'), { timeout: STATE_TIMEOUT, interval: 200 })
          .toBe(expected);
        progress.push(await doneSteps());
        if (seen.at(-1) !== expected) seen.push(expected);
        if (p === 'Provisioning') await shot(page, 'provisioning');
      }
      // The stepper never went back and ended with every step done, the bar full, in words too.
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
      expect(progress.at(-1)).toBe(6);
      expect(seen.length).toBeGreaterThan(2);
      expect(seen.at(-1)).toBe('Ready');
      expect(await card.getByTestId('provisioning-phase').innerText()).toBe('Ready');
      expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      await card.locator('summary').click();
      expect(await card.getByRole('list', { name: /Events of/ }).innerText()).toContain('CAPIClusterIsReady');
      await shot(page, 'provisioning-ready');
    });

    it('stop a cluster API server → Unhealthy in the page; start it → Healthy again', async () => {
      await expect.poll(() => stateOf(a.context), { timeout: STATE_TIMEOUT }).toBe('Healthy');
      await a.stopApiServer();
      try {
        await expect
          .poll(() => stateOf(a.context), { timeout: STATE_TIMEOUT, interval: 250 })
          .toBe('Unhealthy');
        expect(await row(a.context).locator('.state').innerText()).toBe('Unhealthy');
        // The outage in words on the row, its cause visible: "Unreachable since 08:15 (4 s) — connection refused: …".
        expect(await row(a.context).innerText()).toMatch(/Unreachable since .+ — connection refused/);
        expect(await stateOf(b.context)).toBe('Degraded');
        await shot(page, 'cluster-unhealthy');
      } finally {
        await a.startApiServer();
      }
      await expect.poll(() => stateOf(a.context), { timeout: 60_000, interval: 250 }).toBe('Healthy');
      expect(errors).toEqual([]);
    });
  },
);
