// Draws Tether's tray icons as PNGs (no image libraries: a tiny rasteriser with 4×4
// supersampling). Run: node scripts/make-icons.mjs — writes assets/*.png at 16 px and @2x.
// The neutral icon is a macOS template image (black + alpha; the OS tints it for light and
// dark menu bars). State icons add a glyph so they read without colour.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Shapes in a 16-unit design grid; each returns true where the point is inked. */
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const bar = (x0, y0, x1, y1, w) => (x, y) => {
  const dx = x1 - x0,
    dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)) <= w / 2;
};

// The mark: two linked rings (a tether), drawn in the left/top 12 units, leaving the
// bottom-right corner for a state badge.
const mark = [ring(5.5, 6.5, 3.2, 1.6), ring(10.5, 6.5, 3.2, 1.6)];
const BADGES = {
  healthy: [],
  degraded: [bar(12.5, 10.5, 12.5, 13.2, 1.6), disc(12.5, 15, 0.8)], // "!"
  unhealthy: [bar(10.5, 10.5, 14.5, 14.5, 1.6), bar(14.5, 10.5, 10.5, 14.5, 1.6)], // "×"
  unknown: [ring(12.5, 12.5, 2.2, 1.4)], // hollow circle: "no data"
  busy: [disc(10, 13.5, 0.9), disc(12.5, 13.5, 0.9), disc(15, 13.5, 0.9)], // "…"
};
// Badge cut-out so the badge never merges with the mark.
const cut = (x, y) => Math.hypot(x - 12.5, y - 12.8) <= 3.6;

function render(size, shapes, knockout) {
  const px = Buffer.alloc(size * size * 4);
  const s = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < s; sy++) {
        for (let sx = 0; sx < s; sx++) {
          const gx = ((x + (sx + 0.5) / s) * 16) / size;
          const gy = ((y + (sy + 0.5) / s) * 16) / size;
          const inMark = mark.some((f) => f(gx, gy)) && !(knockout && cut(gx, gy));
          if (inMark || shapes.some((f) => f(gx, gy))) hits++;
        }
      }
      px[(y * size + x) * 4 + 3] = Math.round((hits / (s * s)) * 255);
    }
  }
  return png(size, px);
}

mkdirSync(new URL('../assets/', import.meta.url), { recursive: true });
for (const [state, shapes] of Object.entries(BADGES)) {
  const name = state === 'healthy' ? 'trayTemplate' : `tray-${state}Template`;
  for (const [size, suffix] of [
    [16, ''],
    [32, '@2x'],
  ]) {
    writeFileSync(
      new URL(`../assets/${name}${suffix}.png`, import.meta.url),
      render(size, shapes, shapes.length > 0),
    );
  }
}
console.log('icons written to assets/');
