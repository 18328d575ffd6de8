// Draws Tether's tray icons as PNGs (no image libraries: a tiny rasteriser with 4×4
// supersampling). Run: node scripts/make-icons.mjs — writes assets/*.png at 16 px and @2x.
// The neutral icon is a macOS template image (black + alpha; the OS tints it for light and
// dark menu bars). State icons add a glyph so they read without colour. Linux trays show images
// as they are, so each state also gets a "light" icon: white ink with a dark outline.
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

/**
 * Shapes in a 16-unit design grid, as signed distances: negative inside, 0 on the edge. Distances
 * (not just inside/outside) let a badge cut a clean gap of its own outline out of the mark.
 */
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const bar = (x0, y0, x1, y1, w) => (x, y) => {
  const dx = x1 - x0,
    dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)) - w / 2;
};
/** A ring's arc from angle a0 to a1 (radians, clockwise on screen from 3 o'clock), round caps. */
const arc = (cx, cy, r, w, a0, a1) => (x, y) => {
  const a = Math.atan2(y - cy, x - cx);
  const within = (((a - a0) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) <= a1 - a0;
  if (within) return Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
  const end = (t) => Math.hypot(x - (cx + r * Math.cos(t)), y - (cy + r * Math.sin(t))) - w / 2;
  return Math.min(end(a0), end(a1));
};

// The mark: two linked rings (a tether). A state badge sits in the bottom-right corner, with
// a gap cut around it so badge and mark never merge at 16 px.
const mark = [ring(5.5, 6.5, 3.2, 1.6), ring(10.5, 6.5, 3.2, 1.6)];
const BADGES = {
  healthy: [],
  // Centres on whole units: at 16 px each stroke covers whole pixels, with a clear pixel between.
  degraded: [bar(13, 9.6, 13, 12, 1.9), disc(13, 15, 0.95)], // "!"
  unhealthy: [bar(10.6, 10.6, 14.8, 14.8, 1.7), bar(14.8, 10.6, 10.6, 14.8, 1.7)], // "×"
  // "?": a hook, a short stem and a dot — "no verdict yet".
  unknown: [
    arc(12.9, 11.2, 1.8, 1.5, Math.PI, Math.PI * 2.45),
    bar(12.9, 13.0, 12.9, 13.4, 1.5),
    disc(12.9, 15.2, 0.9),
  ],
  busy: [disc(9, 14, 0.95), disc(12, 14, 0.95), disc(15, 14, 0.95)], // "…"
};
/** The gap kept between a badge and the mark (design units). */
const GAP = 1.3;

/** The dark edge around the light (Linux) icons, so they read on light and dark panels alike. */
const OUTLINE = 0.9;

/**
 * Rasterises a state at `size` px. 'template': black ink, shape in the alpha channel only (macOS
 * tints it for light and dark menu bars). 'light': white ink with a dark outline, for Linux trays,
 * which show images as they are.
 */
function render(size, badge, style) {
  const px = Buffer.alloc(size * size * 4);
  const s = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let ink = 0;
      let edge = 0;
      for (let sy = 0; sy < s; sy++) {
        for (let sx = 0; sx < s; sx++) {
          const gx = ((x + (sx + 0.5) / s) * 16) / size;
          const gy = ((y + (sy + 0.5) / s) * 16) / size;
          const badgeD = Math.min(Infinity, ...badge.map((f) => f(gx, gy)));
          const markD = badgeD <= GAP ? Infinity : Math.min(...mark.map((f) => f(gx, gy)));
          const d = Math.min(badgeD, markD);
          if (d <= 0) ink++;
          else if (style === 'light' && d <= OUTLINE) edge++;
        }
      }
      const n = s * s;
      const i = (y * size + x) * 4;
      if (style === 'light') {
        // White ink over a 70 % black edge, blended per pixel.
        const a = ink / n + (edge / n) * 0.7;
        const white = a > 0 ? ink / n / a : 0;
        px.fill(Math.round(white * 255), i, i + 3);
        px[i + 3] = Math.round(a * 255);
      } else {
        px[i + 3] = Math.round((ink / n) * 255);
      }
    }
  }
  return png(size, px);
}

mkdirSync(new URL('../assets/', import.meta.url), { recursive: true });
for (const [state, shapes] of Object.entries(BADGES)) {
  const names = {
    template: state === 'healthy' ? 'trayTemplate' : `tray-${state}Template`,
    light: `tray-${state}-light`,
  };
  for (const [style, name] of Object.entries(names)) {
    for (const [size, suffix] of [
      [16, ''],
      [32, '@2x'],
    ]) {
      writeFileSync(new URL(`../assets/${name}${suffix}.png`, import.meta.url), render(size, shapes, style));
    }
  }
}
console.log('icons written to assets/');
