/// <reference lib="dom" />
// The first forward, in real Chromium against the real `tether serve` and a real control plane:
// a namespace-scoped user adds forwards in the pre-filled namespace `default` to a Service and
// a pod the test creates there, and both go Active; a forward to a Service that does not exist
// shows why, when it looks again, "Edit" and a "Retry now" that really looks again; axe on the
// forward form (add and edit, with errors shown), the import/export view and a pod's detail.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  exposeViaPortForward,
  fixtures,
  startHarness,
  startHttpServer,
  type ClusterHandle,
  type Harness,
  type LocalServer,
} from '../harness/index.ts';
import { expectAccessibleInBothThemes } from '../support/axe';
import { chromiumPath, launchChromium, noBrowserReason, screenshotPath } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';

const suite = chromiumPath ? describe : describe.skip;
const NS = 'default';
/** Container ports kwok sends to the local HTTP server (one per workload: kwok matches by port). */
const HELLO_PORT = 8181;
const SOLO_PORT = 8282;
const LATE_PORT = 8383;
/** A namespace as long as Kubernetes allows (63): its pod's row must still show AGE and NODE. */
const LONG_NS = 'tether-a-namespace-with-a-name-as-long-as-kubernetes-allows-63c';
/** A forward goes Active about a second after it starts; kwok and kubectl may take a few. */
const ACTIVE_TIMEOUT = 30_000;

suite(`the first forward saves and runs${chromiumPath ? '' : ` [skipped: ${noBrowserReason}]`}`, () => {
  let harness: Harness;
  let c: ClusterHandle;
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let web: LocalServer;
  const errors: string[] = [];

  const forwardRow = (name: string) =>
    page.getByTestId('forward-row').filter({ has: page.locator(`.cluster-name[title="${name}"]`) });
  const errorOf = (field: string) => page.locator(`#fw-${field}-error`);

  beforeAll(async () => {
    harness = await startHarness({ clusters: ['fwd-ui'] });
    c = harness.cluster('fwd-ui');
    await fixtures.seedCluster(c);
    web = await startHttpServer();
    await fixtures.createApp(c, { namespace: NS, name: 'hello', port: 80, containerPort: HELLO_PORT });
    await fixtures.createPod(c, { namespace: NS, name: 'solo', state: 'running', containerPort: SOLO_PORT });
    await fixtures.createNamespace(c, LONG_NS);
    await fixtures.createPod(c, { namespace: LONG_NS, name: 'far', state: 'running' });
    for (const port of [HELLO_PORT, SOLO_PORT, LATE_PORT])
      await exposeViaPortForward(c, { namespace: NS, port, target: { port: web.port } });
    serve = await startTetherServe(
      { KUBECONFIG: harness.kubeconfigPath, TETHER_KUBECTL: join(harness.info.binDir, 'kubectl') },
      {
        settings: {
          version: 1,
          monitoredContexts: [c.context, c.contextFor('restricted')],
          health: {},
        },
      },
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 400, height: 640 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
  });

  beforeEach(async () => {
    await page?.getByRole('button', { name: 'Tether: home' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await web?.close();
    await harness?.stop();
  });

  /** Fills the Add-forward form for the restricted user, leaving the pre-filled namespace alone. */
  const fillNew = async (name: string, target: string, remotePort: string) => {
    await page.getByRole('button', { name: '+ Add' }).click();
    await page.getByRole('heading', { name: 'New port-forward' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Cluster context').selectOption(c.contextFor('restricted'));
    await page.getByLabel(/^Target/).fill(target);
    await page.getByLabel(/^Remote port/).fill(remotePort);
  };

  it('a namespace-scoped user: namespace "default" as pre-filled, a Service and a pod there → saved, Active, HTTP through', async () => {
    await fillNew('hello', 'svc/hello', '');
    expect(await page.getByLabel('Namespace').inputValue()).toBe(NS);
    // This user may not list namespaces: the form says so, and that the name can be typed.
    await expect
      .poll(() => page.getByTestId('fw-namespaces-note').innerText(), { timeout: 15_000 })
      .toBe('May not list namespaces — type it.');
    // The Services, Deployments and pods of "default" are suggested (that list is allowed).
    await expect
      .poll(
        () => page.locator('#fw-targets option').evaluateAll((o) => o.map((e) => e.getAttribute('value'))),
        {
          timeout: 15_000,
        },
      )
      .toEqual(expect.arrayContaining(['svc/hello', 'pod/solo']));
    expect(await page.getByTestId('fw-catalog-note').count()).toBe(0);
    // An empty remote port is the only problem, said in the label's words.
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => errorOf('remotePort').innerText()).toBe('Remote port is required');
    expect(await errorOf('namespace').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('forward-form-required') });
    await expectAccessibleInBothThemes(page, 'add-forward form with an error');
    await page.getByLabel(/^Remote port/).fill('80');
    expect(await errorOf('remotePort').count()).toBe(0);
    expect(await page.getByLabel('Start now').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('region', { name: 'Forwards' }).waitFor();

    await fillNew('solo', 'pod/solo', String(SOLO_PORT));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('region', { name: 'Forwards' }).waitFor();

    for (const name of ['hello', 'solo']) {
      const row = forwardRow(name);
      await expect
        .poll(() => row.getAttribute('data-state'), { timeout: ACTIVE_TIMEOUT, interval: 250 })
        .toBe('Active');
      const addr = await row.getByTestId('forward-address').innerText();
      const res = await fetch(`http://${addr}/via-${name}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, url: `/via-${name}` });
    }
    expect(errors).toEqual([]);
  });

  it('editing a forward: an emptied remote port is an error until fixed; axe on the edit form', async () => {
    const row = forwardRow('hello');
    await row.getByRole('button', { name: 'Edit hello' }).click();
    await page.getByRole('heading', { name: 'Edit hello' }).waitFor();
    await page.getByLabel(/^Remote port/).fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => errorOf('remotePort').innerText()).toBe('Remote port is required');
    await expectAccessibleInBothThemes(page, 'edit-forward form with an error');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('region', { name: 'Forwards' }).waitFor();
    // Nothing was saved: the forward still runs on its old port.
    expect(await row.getAttribute('data-state')).toBe('Active');
    expect(await row.locator('.row-reason').innerText()).toContain('svc/hello:80');
  });

  it('a forward to a Service that does not exist: Failed with why, "Edit", its next look, and Retry now looks at once', async () => {
    await page.getByRole('button', { name: '+ Add' }).click();
    await page.getByRole('heading', { name: 'New port-forward' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('late');
    await page.getByLabel('Cluster context').selectOption(c.context);
    await page.getByLabel(/^Target/).fill('svc/late');
    await page.getByLabel(/^Remote port/).fill('80');
    await page.getByRole('button', { name: 'Save' }).click();
    const row = forwardRow('late');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: ACTIVE_TIMEOUT }).toBe('Failed');
    expect(await row.locator('.row-reason').innerText()).toBe(`Service late not found in namespace ${NS}`);
    const retry = row.getByTestId('forward-retry');
    const hint = () => retry.innerText();
    expect(await hint()).toMatch(/^Edit to fix it · looking again in \d+ s · Retry now$/);
    await page.getByRole('region', { name: 'Forwards' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('forward-retry') });
    await expectAccessibleInBothThemes(page, 'home with a failed forward');

    // The planned look is 10 s apart: with 3–4 s left, a click that looks at once shows the
    // next one 9–10 s away well before the planned look could.
    await expect.poll(hint, { timeout: 15_000, interval: 100 }).toMatch(/looking again in [34] s/);
    await retry.getByRole('button', { name: 'Retry now: late' }).click();
    await expect.poll(hint, { timeout: 1_500, interval: 50 }).toMatch(/looking again in (9|10) s/);

    // The Service appears (GitOps creates it late): the forward goes Active.
    await fixtures.createApp(c, { namespace: NS, name: 'late', port: 80, containerPort: LATE_PORT });
    await retry.getByRole('button', { name: 'Retry now: late' }).click();
    await expect
      .poll(() => row.getAttribute('data-state'), { timeout: ACTIVE_TIMEOUT, interval: 250 })
      .toBe('Active');
    expect(await row.getByTestId('forward-retry').count()).toBe(0);
    const addr = await row.getByTestId('forward-address').innerText();
    expect((await fetch(`http://${addr}/late`)).status).toBe(200);
  });

  it('axe: the import/export view and a pod’s detail', async () => {
    await page.getByRole('button', { name: 'Import / export' }).click();
    await page.getByRole('heading', { name: 'Import and export' }).waitFor();
    await expectAccessibleInBothThemes(page, 'import/export');
    await page.getByRole('button', { name: 'Back' }).click();

    await page
      .locator(`[data-testid="context-row"][data-context="${c.context}"]`)
      .getByRole('button', { name: /Open details/ })
      .click();
    const pods = page.getByRole('list', { name: 'Pods' });
    await expect.poll(() => pods.getByTestId('pod-row').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await page.getByLabel('Filter pods by name, namespace, node or reason').fill('solo');
    await pods.locator('[data-pod="solo"]').click();
    await page.getByRole('heading', { name: 'solo' }).waitFor();
    await expect.poll(() => page.getByTestId('pod-status').innerText()).toBe('Running');
    await expectAccessibleInBothThemes(page, 'pod detail');
    expect(errors).toEqual([]);
  });
  it('at 400 px a 63-character namespace is cut in the middle: AGE and NODE stay inside the pod row, nothing spills', async () => {
    await page
      .locator(`[data-testid="context-row"][data-context="${c.context}"]`)
      .getByRole('button', { name: /Open details/ })
      .click();
    const pods = page.getByRole('list', { name: 'Pods' });
    await page.getByLabel('Filter pods by name, namespace, node or reason').fill('far');
    const row = pods.locator('[data-pod="far"]');
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.locator('.pod-node').innerText(), { timeout: 15_000 }).toMatch(/^kwok-node/);
    const ns = row.locator('.pod-ns');
    expect(await ns.getAttribute('title')).toBe(LONG_NS);
    const shown = await ns.innerText();
    expect(shown).toContain('…');
    expect(shown.endsWith(LONG_NS.slice(-3))).toBe(true);
    const box = (await row.boundingBox())!;
    for (const cell of ['.pod-age', '.pod-node', '.restarts', '.pod-ns']) {
      const b = (await row.locator(cell).boundingBox())!;
      expect(b.width, cell).toBeGreaterThan(0);
      expect(b.x, cell).toBeGreaterThanOrEqual(box.x);
      expect(b.x + b.width, cell).toBeLessThanOrEqual(box.x + box.width + 0.5);
    }
    expect(await row.locator('.pod-age').innerText()).toMatch(/^\d+[smhd]/);
    const spills = await row.evaluate((root) =>
      [root, ...root.querySelectorAll('*')]
        .filter((el) => el instanceof HTMLElement && getComputedStyle(el).display !== 'inline')
        .filter((el) => el.scrollWidth > el.clientWidth)
        .map((el) => `${el.className}: ${el.scrollWidth} > ${el.clientWidth}`),
    );
    expect(spills).toEqual([]);
    await page.screenshot({ path: screenshotPath('pods-long-namespace') });
  });
});
