import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from './index';
import { terminalText, textIo } from './terminalText';

// eslint-disable-next-line no-control-regex -- the characters a terminal must never receive raw
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('terminalText', () => {
  it.each([
    ['ESC (OSC 52 clipboard write)', 'a\u001b]52;c;ZXZpbA==\u0007b', 'a\\u001b]52;c;ZXZpbA==\\u0007b'],
    ['CR (overwrites the line)', 'ok\rFAKE', 'ok\\u000dFAKE'],
    ['C1 CSI', 'x\u009b2Jy', 'x\\u009b2Jy'],
    ['DEL', 'a\u007f', 'a\\u007f'],
    ['bidi override', 'evil\u202Etxt.exe', 'evil\\u202etxt.exe'],
    ['bidi isolate', '\u2066a\u2069', '\\u2066a\\u2069'],
  ])('shows %s as a visible escape', (_, input, shown) => {
    expect(terminalText(input)).toBe(shown);
  });

  it('keeps printable text, tabs, newlines and astral characters as they are', () => {
    const text = 'pod/api-0\tCrashLoopBackOff\nnæste → 🚀 日本 \u00a0 ●';
    expect(terminalText(text)).toBe(text);
  });

  it('never outputs a control character or bidi mark; printable text is unchanged (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const shown = terminalText(s);
        expect(UNSAFE.test(shown)).toBe(false);
        if (!UNSAFE.test(s)) expect(shown).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});

function sink(colour = false) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: textIo({ out: (l) => out.push(l), err: (l) => err.push(l), env: {} }, colour) };
}

describe('textIo: the one place CLI text is written', () => {
  it('escapes text lines and error lines', () => {
    const s = sink();
    s.io.out('reason: \u001b[2Jgone');
    s.io.err('warning: \u009b31m');
    expect(s.out).toEqual(['reason: \\u001b[2Jgone']);
    expect(s.err).toEqual(['warning: \\u009b31m']);
  });

  it('writes machine output (--json, export) exactly', () => {
    const s = sink();
    const text = JSON.stringify({ message: 'a\u0085b\u202e' });
    s.io.exact(text);
    expect(s.out).toEqual([text]);
    expect(JSON.parse(s.out[0] ?? '')).toEqual({ message: 'a\u0085b\u202e' });
  });

  it('colours state badges itself, after escaping, so cluster text cannot bring its own colours', () => {
    const s = sink(true);
    s.io.out('▲ Degraded  prod  \u001b[32mfine');
    expect(s.out).toEqual(['\u001b[33m▲ Degraded\u001b[0m  prod  \\u001b[32mfine']);
  });
});

describe('runCli', () => {
  it('passes what it prints through textIo (an argument echoed in a usage error)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['forward', '\u001b]0;pwned\u0007'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('\\u001b]0;pwned\\u0007');
    expect(UNSAFE.test(err.join('\n'))).toBe(false);
  });
});
