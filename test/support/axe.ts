import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** WCAG 2.0–2.2 levels A and AA: the rules the UI promises (contrast included). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is now and returns one readable line per problem: every
 * violation, and every colour-contrast check axe could not decide ("incomplete" — text on
 * an image, a translucent layer or an overlap hides the real contrast, so it counts as a
 * failure too). An empty list means the view passed.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  // Legacy mode runs axe inside the page itself; the default opens a second page in the same
  // context, which pages made by `browser.newPage()` (as every e2e test here) refuse.
  const results = await new AxeBuilder({ page }).withTags(TAGS).setLegacyMode(true).analyze();
  const lines: string[] = [];
  // Experimental rules are axe's drafts, not WCAG: label-content-name-mismatch, for one, wants
  // every visible word of a row (its last-check time too) inside the row button's name.
  for (const v of results.violations.filter((r) => !r.tags.includes('experimental'))) {
    for (const n of v.nodes) lines.push(`${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`);
  }
  for (const v of results.incomplete.filter((i) => i.id === 'color-contrast')) {
    for (const n of v.nodes) {
      const why = n.any.map((c) => c.message).join('; ');
      lines.push(`color-contrast (undecided): ${n.target.join(' ')} — ${why}`);
    }
  }
  return lines;
}

/**
 * Asserts the view on screen has no accessibility problem (see `axeProblems`); `view` names
 * it in the failure message. Call it once per view and theme an e2e test shows.
 */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  expect(await axeProblems(page), `axe on ${view}`).toEqual([]);
}

/** Runs `expectAccessible` in light and then dark, leaving the page in light. */
export async function expectAccessibleInBothThemes(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${view} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
