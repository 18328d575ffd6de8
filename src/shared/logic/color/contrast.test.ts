import { describe, expect, it } from 'vitest';
import { contrastRatio, cssVariables, parseHex } from './contrast';

const hex = (s: string) => parseHex(s)!;

describe('contrast', () => {
  it('parses short and long hex colours, and refuses anything else', () => {
    expect(parseHex('#fff')).toEqual({ r: 255, g: 255, b: 255 });
    expect(parseHex('#0a66D8')).toEqual({ r: 10, g: 102, b: 216 });
    expect(parseHex('rgb(0 0 0)')).toBeUndefined();
    expect(parseHex('#12345')).toBeUndefined();
  });

  it('computes WCAG ratios: 21 for black on white, 1 for a colour on itself, and known pairs', () => {
    expect(contrastRatio(hex('#000'), hex('#fff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(hex('#777777'), hex('#777777'))).toBe(1);
    // Figures from the UX walkthrough's contrast table (WebAIM gives the same).
    expect(contrastRatio(hex('#1f883d'), hex('#f6f6f8'))).toBeCloseTo(4.19, 2);
    expect(contrastRatio(hex('#ffffff'), hex('#4493f8'))).toBeCloseTo(3.1, 2);
  });

  it('reads the custom properties of one rule', () => {
    const css = `:root {\n  --bg: #fff;\n  --fg: #111;\n  font: 13px;\n}\n:root[data-theme='dark'] { --bg: #000; }`;
    expect(cssVariables(css, ':root')).toEqual({ bg: '#fff', fg: '#111' });
    expect(cssVariables(css, ":root[data-theme='dark']")).toEqual({ bg: '#000' });
    expect(cssVariables(css, '.nope')).toEqual({});
  });
});
