import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contrastRatio, cssVariables, parseHex } from '../shared/logic/color/contrast';
// Read as text: vitest hands CSS imports to tests as empty strings.
const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'styles.css'), 'utf8');

const light = cssVariables(css, ':root');
const dark = { ...light, ...cssVariables(css, ":root[data-theme='dark']") };
const darkBySystem = { ...light, ...cssVariables(css, ":root:not([data-theme='light'])") };

/** Surfaces text and controls sit on: the page, cards and rows, a hovered or pressed row. */
const SURFACES = ['bg', 'card', 'hover'];
/** Every colour used for text. */
const TEXT = ['fg', 'muted', 'ok', 'warn', 'bad', 'accent'];
/** Edges of controls (inputs, buttons, switches) and the focus ring: WCAG 1.4.11 asks 3:1. */
const EDGES = ['control-border', 'focus', 'unknown'];

function ratios(theme: Record<string, string>, fgs: string[], bgs: string[]) {
  const out: { pair: string; ratio: number }[] = [];
  for (const f of fgs)
    for (const b of bgs) {
      const fc = parseHex(theme[f] ?? '');
      const bc = parseHex(theme[b] ?? '');
      if (!fc || !bc) throw new Error(`--${f} or --${b} is not a hex colour in styles.css`);
      out.push({ pair: `--${f} on --${b}`, ratio: Math.round(contrastRatio(fc, bc) * 100) / 100 });
    }
  return out;
}

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s theme in styles.css', (_name, theme) => {
  it('text colours reach 4.5:1 on every surface', () => {
    const low = ratios(theme, TEXT, SURFACES).filter((r) => r.ratio < 4.5);
    expect(low).toEqual([]);
  });

  it('control edges and the focus ring reach 3:1 on every surface', () => {
    const low = ratios(theme, EDGES, SURFACES).filter((r) => r.ratio < 3);
    expect(low).toEqual([]);
  });

  it('text on the primary button and on the banner reaches 4.5:1', () => {
    const low = [
      ...ratios(theme, ['on-accent'], ['accent-strong']),
      ...ratios(theme, ['fg'], ['banner-bg']),
    ].filter((r) => r.ratio < 4.5);
    expect(low).toEqual([]);
  });
});

it('dark by system preference and dark by choice are the same colours', () => {
  expect(darkBySystem).toEqual(dark);
});
