/// <reference lib="dom" />
// The page's frame in real Chromium against the real `tether serve`: names readable at
// 400 px, a header whose parts never overlap, two panes in a wide window, the banner when the
// engine goes away or comes back with a new token, the no-token screen, and axe on each view.
// The contexts point at closed ports (no control plane needed): they are Unhealthy, which is
// all the layout needs, and their long names are the point.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/shared/contract';
import { createWsTransport } from '../../src/shared/contract/wsTransport';
import { expectAccessibleInBothThemes } from '../support/axe';
import { chromiumPath, launchChromium, noBrowserReason, screenshotPath } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';
import { tempKubeconfig } from '../support/tempKubeconfig';

const suite = chromiumPath ? describe : describe.skip;

/** Monitored contexts, and the end of each name that tells it from its neighbours. */
const MONITORED: { name: string; suffix: string }[] = [
  { name: 'tether-demo-healthy', suffix: '-healthy' },
  { name: 'tether-demo-healthy-badtoken', suffix: '-badtoken' },
  { name: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', suffix: '/prod' },
  { name: 'arn:aws:eks:eu-west-1:123456789012:cluster/staging', suffix: '/staging' },
  { name: 'gke_my-project-1234_europe-west1-b_payments-prod', suffix: '_payments-prod' },
];
const UNMONITORED = ['tether-demo-degraded-restricted', 'kind-kind', 'docker-desktop'];

/** Elements in `selector` whose content is wider than their box (cut off or spilling out). */
function overflowing(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const root of document.querySelectorAll(sel)) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        // Inline boxes have no client width; screen-reader text is clipped on purpose.
        if (!(el instanceof HTMLElement) || getComputedStyle(el).display === 'inline') continue;
        if (el.closest('.sr-only')) continue;
        if (el.scrollWidth > el.clientWidth)
          out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return out;
  }, selector);
}

/** Pairs of the header's parts whose boxes intersect. */
function headerOverlaps(page: Page) {
  return page.evaluate(() => {
    const parts = [
      ...document.querySelectorAll<HTMLElement>(
        'header h1, header .conn, header .header-actions > *, header .overall .dot, header .overall-text',
      ),
    ];
    const boxes = parts.map((el) => ({
      name: el.getAttribute('aria-label') ?? el.className,
      r: el.getBoundingClientRect(),
    }));
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        if (
          a.left < b.right - 0.5 &&
          b.left < a.right - 0.5 &&
          a.top < b.bottom - 0.5 &&
          b.top < a.bottom - 0.5
        )
          hits.push(`${boxes[i]!.name} × ${boxes[j]!.name}`);
      }
    return { count: parts.length, hits };
  });
}

suite(`the page's frame in real Chromium${chromiumPath ? '' : ` [skipped: ${noBrowserReason}]`}`, () => {
  let browser: Browser;
  let serve: ServeHandle;
  const kube = tempKubeconfig([
    ...MONITORED.map((m) => ({ name: m.name })),
    ...UNMONITORED.map((name) => ({ name })),
  ]);

  const rowOf = (page: Page, name: string) =>
    page.locator(`[data-testid="context-row"][data-context="${name}"]`);

  beforeAll(async () => {
    serve = await startTetherServe(
      { KUBECONFIG: kube.file },
      { settings: { version: 1, monitoredContexts: MONITORED.map((m) => m.name), health: {} } },
    );
    // A forward to a cluster that cannot be reached: it never gets Active, so the header counts it.
    const transport = createWsTransport({ baseUrl: `ws://127.0.0.1:${serve.port}`, token: serve.token });
    const client = createClient(transport);
    const { forward } = await client.invoke('forwards:save', {
      forward: {
        name: 'web',
        context: MONITORED[0]!.name,
        namespace: 'default',
        target: 'svc/web',
        remotePort: 80,
      },
    });
    await client.invoke('forwards:start', { id: forward.spec.id });
    client.close();
    transport.close();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('at 400 px: names keep their distinguishing end, nothing is cut or spills, the header parts never overlap', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 640 }, colorScheme: 'light' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    for (const m of MONITORED)
      await expect
        .poll(() => rowOf(page, m.name).getAttribute('data-state'), { timeout: 30_000 })
        .toBe('Unhealthy');
    // The header counts the forward that cannot start, beside the clusters' verdict.
    await expect
      .poll(() => page.getByRole('status', { name: 'Overall state' }).innerText(), { timeout: 30_000 })
      .toMatch(/^5 unhealthy · 1 forward (reconnecting|failed)$/);

    const shown: string[] = [];
    for (const m of MONITORED) {
      const name = rowOf(page, m.name).locator('.cluster-name');
      const text = await name.innerText();
      shown.push(text);
      expect(text, m.name).toContain(m.suffix);
      expect(await name.getAttribute('title')).toBe(m.name);
    }
    // The long names really were cut (so this tested something), and no two look alike.
    expect(shown.filter((t) => t.includes('…')).length).toBeGreaterThanOrEqual(3);
    expect(new Set(shown).size).toBe(shown.length);

    expect(await overflowing(page, 'header.header')).toEqual([]);
    expect(await overflowing(page, '[data-testid="context-row"]')).toEqual([]);
    const overlaps = await headerOverlaps(page);
    expect(overlaps.count).toBeGreaterThanOrEqual(6);
    expect(overlaps.hits).toEqual([]);

    // The unmonitored contexts are one row until asked for.
    const more = page.getByTestId('more-contexts');
    expect(await more.innerText()).toBe('3 more contexts (not monitored)');
    expect(await rowOf(page, 'kind-kind').count()).toBe(0);
    await more.click();
    expect(await rowOf(page, 'kind-kind').innerText()).toContain('Not monitored');
    expect(await overflowing(page, '[data-testid="context-row"]')).toEqual([]);
    await page.screenshot({ path: screenshotPath('layout-400') });
    await expectAccessibleInBothThemes(page, 'home at 400 px');

    // A detail view shows the whole name, wrapped, with a copy button.
    await more.click();
    const arn = MONITORED[3]!.name;
    await rowOf(page, arn)
      .getByRole('button', { name: /Open details/ })
      .click();
    const title = page.getByRole('heading', { name: arn });
    expect(await title.innerText()).toBe(arn);
    expect(await overflowing(page, '.detail-head')).toEqual([]);
    expect(await page.getByRole('button', { name: 'Copy context name' }).count()).toBe(1);
    await expectAccessibleInBothThemes(page, 'cluster detail, pods tab');
    for (const tab of ['Events', 'History']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').waitFor();
      await expectAccessibleInBothThemes(page, `cluster detail, ${tab} tab`);
    }
    for (const view of ['Settings', 'App health']) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await page
        .getByRole('heading', { name: view === 'Settings' ? 'Settings' : /health/i })
        .first()
        .waitFor();
      await expectAccessibleInBothThemes(page, view);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the theme chosen in Settings survives a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 640 }, colorScheme: 'light' });
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Dark').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await page.getByRole('button', { name: 'Tether: home' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(30, 30, 32)');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('wider than 900 px: the list and the open cluster side by side', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    await page.goto(serve.url);
    const first = MONITORED[1]!.name;
    await rowOf(page, first).waitFor();
    // The full name fits in the wide list.
    expect(await rowOf(page, first).locator('.cluster-name').innerText()).toBe(first);
    await rowOf(page, first)
      .getByRole('button', { name: /Open details/ })
      .click();
    const list = await page.getByRole('list', { name: 'Clusters' }).boundingBox();
    const detail = await page.getByRole('heading', { name: first }).boundingBox();
    expect(list && detail).toBeTruthy();
    expect(detail!.x).toBeGreaterThanOrEqual(list!.x + list!.width);
    expect(list!.width).toBeGreaterThan(340);
    expect(detail!.y).toBeLessThan(200);
    await page.screenshot({ path: screenshotPath('layout-wide') });
    await expectAccessibleInBothThemes(page, 'two panes');
    await page.close();
  });

  it('a page opened without its token, or with an old one, is one screen that says what to open', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 640 } });
    await page.goto(`http://127.0.0.1:${serve.port}/`);
    const screen = page.getByTestId('token-screen');
    expect(await screen.getByRole('alert').innerText()).toBe(
      'This page needs the link Tether printed (with its token). Run tether serve and open that URL.',
    );
    expect(await page.getByTestId('context-row').count()).toBe(0);
    expect(await page.getByRole('button').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('no-token') });
    await expectAccessibleInBothThemes(page, 'no-token screen');
    await page.goto(`http://127.0.0.1:${serve.port}/#token=not-the-token`);
    await page.reload();
    await expect.poll(() => screen.getAttribute('data-kind'), { timeout: 10_000 }).toBe('wrong-token');
    expect(await screen.getByRole('alert').innerText()).toMatch(/does not accept this link’s token/);
    await page.close();
  });

  it('the engine stops under an open page: a banner, neutral colours; it comes back with a new token: the banner says to open the new link', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 640 }, colorScheme: 'light' });
    await page.goto(serve.url);
    const row = rowOf(page, MONITORED[0]!.name);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('Unhealthy');
    const stateColour = () => row.locator('.state').evaluate((el) => getComputedStyle(el).color);
    const red = await stateColour();
    const port = serve.port;
    await serve.stop();

    const banner = page.getByTestId('connection-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.innerText()).toMatch(/^Lost connection to Tether — reconnecting…/);
    expect(await banner.getAttribute('data-kind')).toBe('lost');
    expect(await page.getByRole('status', { name: 'Engine connection' }).innerText()).toBe('disconnected');
    // What the page knew stays, in neutral colours: the state is not red any more but keeps its words.
    expect(await row.locator('.state').innerText()).toBe('Unhealthy');
    const grey = await stateColour();
    expect(grey).not.toBe(red);
    expect(grey).toBe(
      await page
        .locator('.muted')
        .first()
        .evaluate((el) => getComputedStyle(el).color),
    );
    const bannerBox = await banner.boundingBox();
    expect(bannerBox!.width).toBeGreaterThanOrEqual(398);
    await page.screenshot({ path: screenshotPath('engine-lost') });
    await expectAccessibleInBothThemes(page, 'engine lost banner');

    // `tether serve` again on the same port: a new token, which this page does not have.
    serve = await startTetherServe(
      { KUBECONFIG: kube.file, TETHER_HOME: serve.home },
      { args: ['--port', String(port)] },
    );
    await expect.poll(() => banner.getAttribute('data-kind'), { timeout: 20_000 }).toBe('new-token');
    expect(await banner.innerText()).toMatch(/restarted with a new link.*open the new link/s);
    await page.close();

    // The new link works.
    const fresh = await browser.newPage({ viewport: { width: 400, height: 640 } });
    await fresh.goto(serve.url);
    await expect
      .poll(() => fresh.getByRole('status', { name: 'Engine connection' }).innerText(), { timeout: 15_000 })
      .toBe('connected');
    expect(await fresh.getByTestId('connection-banner').count()).toBe(0);
    await fresh.close();
  });
});
