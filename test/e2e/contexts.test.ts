import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium, noBrowserReason, screenshotPath } from '../support/browser';
import { startTetherServe, type ServeHandle } from '../support/tetherServe';
import { tempKubeconfig } from '../support/tempKubeconfig';

const suite = chromiumPath ? describe : describe.skip;

suite(
  `contexts in a real browser against \`tether serve\`${chromiumPath ? '' : ` [skipped: ${noBrowserReason}]`}`,
  () => {
    let browser: Browser;
    let serve: ServeHandle;
    const kube = tempKubeconfig(
      [
        { name: 'kind-dev', server: 'https://127.0.0.1:6443', namespace: 'payments' },
        { name: 'prod-eu', server: 'https://10.0.0.1:443' },
      ],
      'kind-dev',
    );

    beforeAll(async () => {
      serve = await startTetherServe({ KUBECONFIG: kube.file });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await serve?.stop();
    });

    it('shows both contexts, then follows a kubeconfig edit live', async () => {
      const page = await browser.newPage({ viewport: { width: 380, height: 560 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(serve.url);
      const rows = page.getByTestId('context-row');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await page.getByRole('list', { name: 'Clusters' }).innerText()).toContain('kind-dev');
      await expect
        .poll(() => page.getByRole('status', { name: 'Engine connection' }).innerText())
        .toBe('connected');
      await page.screenshot({ path: screenshotPath('contexts') });

      kube.rewrite([{ name: 'kind-dev' }, { name: 'prod-eu' }, { name: 'staging' }], 'staging');
      // The new current context is the one monitored; the two others fold into one row
      // until it is opened.
      const more = page.getByTestId('more-contexts');
      await expect.poll(() => more.innerText(), { timeout: 15_000 }).toBe('2 more contexts (not monitored)');
      expect(await rows.count()).toBe(1);
      expect(await page.locator('[data-context="staging"]').innerText()).toContain('current');
      await more.click();
      await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(3);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('a page with a wrong token is refused and says so', async () => {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${serve.port}/#token=not-the-token`);
      await expect
        .poll(() => page.getByTestId('token-screen').getAttribute('data-kind'), { timeout: 5000 })
        .toBe('wrong-token');
      expect(await page.getByRole('alert').innerText()).toMatch(/does not accept this link’s token/);
      expect(await page.getByTestId('context-row').count()).toBe(0);
      await page.close();
    });

    it('the UI shows a broken kubeconfig file by name instead of failing', async () => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(kube.file, 'clusters: [\n  broken');
      const page = await browser.newPage();
      await page.goto(serve.url);
      const alert = page.getByRole('list', { name: 'Kubeconfig problems' });
      await expect.poll(() => alert.innerText(), { timeout: 5000 }).toContain('not valid YAML');
      expect(await alert.innerText()).toContain(kube.file);
      await page.close();
    });
  },
);
