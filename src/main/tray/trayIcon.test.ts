import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/vectors';
import { trayIconPath } from './trayIcon';

/** Decodes an 8-bit RGBA PNG (what scripts/make-icons.mjs writes): size and pixels. */
function readPng(file: string): { width: number; height: number; rgba: Buffer } {
  const b = readFileSync(file);
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (o < b.length) {
    const len = b.readUInt32BE(o);
    const type = b.toString('ascii', o + 4, o + 8);
    const data = b.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]], `${file}: 8-bit RGBA`).toEqual([8, 6]);
    } else if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? line[i - 4]! : 0;
      const up = prev[i]!;
      const c = i >= 4 ? prev[i - 4]! : 0;
      const p = a + up - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - up) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - up) <= Math.abs(p - c)
            ? up
            : c;
      const add = [0, a, up, (a + up) >> 1, paeth][filter]!;
      line[i] = (line[i]! + add) & 0xff;
    }
    line.copy(rgba, y * stride);
    prev = line;
  }
  return { width, height, rgba };
}

const states = ['healthy', 'degraded', 'unhealthy', 'unknown', 'busy'] as const;
const assets = join(repoRoot, 'assets');
/** Both sizes of a state's icon on a platform. */
const files = (s: (typeof states)[number], platform: NodeJS.Platform) => {
  const one = trayIconPath(assets, s, platform);
  return [one, one.replace(/\.png$/, '@2x.png')] as const;
};

/** Pixels that are clearly different between two same-size icons (any channel). */
function differing(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if ([0, 1, 2, 3].some((c) => Math.abs(a[i + c]! - b[i + c]!) > 128)) n++;
  }
  return n;
}

describe('tray icons (assets/, drawn by scripts/make-icons.mjs)', () => {
  it('every state has an icon at 16 px and @2x (32 px), on macOS and elsewhere', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      for (const s of states) {
        const [one, two] = files(s, platform);
        expect(existsSync(one), one).toBe(true);
        expect(readPng(one)).toMatchObject({ width: 16, height: 16 });
        expect(readPng(two)).toMatchObject({ width: 32, height: 32 });
      }
    }
  });

  it('macOS icons are template images: named …Template, black ink, shape only in the alpha channel', () => {
    for (const s of states) {
      for (const file of files(s, 'darwin')) {
        expect(file).toMatch(/Template(@2x)?\.png$/);
        const { rgba } = readPng(file);
        let ink = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          expect(rgba[i]! | rgba[i + 1]! | rgba[i + 2]!, file).toBe(0);
          if (rgba[i + 3]! > 128) ink++;
        }
        // Neither empty nor a filled square.
        expect(ink, file).toBeGreaterThan(rgba.length / 4 / 10);
        expect(ink, file).toBeLessThan(rgba.length / 4 / 2);
      }
    }
  });

  it('other platforms get white ink with a dark outline (readable on light and dark panels)', () => {
    for (const s of states) {
      for (const file of files(s, 'linux')) {
        const { rgba } = readPng(file);
        let white = 0;
        let dark = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          if (rgba[i + 3]! < 128) continue;
          if (rgba[i]! > 200) white++;
          else if (rgba[i]! < 60) dark++;
        }
        expect(white, file).toBeGreaterThan(rgba.length / 4 / 10);
        expect(dark, file).toBeGreaterThan(rgba.length / 4 / 20);
      }
    }
  });

  it('each state has its own shape, so none depends on colour (pairwise different at both sizes)', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      for (const size of [0, 1]) {
        const pixels = states.map((s) => readPng(files(s, platform)[size]!).rgba);
        for (let i = 0; i < states.length; i++) {
          for (let j = i + 1; j < states.length; j++) {
            // At least a few clearly different pixels, not a one-bit change.
            expect(
              differing(pixels[i]!, pixels[j]!),
              `${platform} ${states[i]} vs ${states[j]} ${size ? '@2x' : '1x'}`,
            ).toBeGreaterThanOrEqual(4);
          }
        }
      }
    }
  });
});
