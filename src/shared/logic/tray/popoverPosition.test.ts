import { describe, expect, it } from 'vitest';
import { POPOVER_GAP, POPOVER_MARGIN, popoverPosition, type DisplayLike } from './popoverPosition';

const size = { width: 380, height: 560 };
/** A Mac display with a 24 px menu bar at the top. */
const mac = (x: number, y: number, width: number, height: number): DisplayLike => ({
  bounds: { x, y, width, height },
  workArea: { x, y: y + 24, width, height: height - 24 - 70 /* Dock */ },
});
const icon = (x: number, y = 0) => ({ x, y, width: 22, height: 24 });

describe('popoverPosition', () => {
  const primary = mac(0, 0, 1440, 900);

  it('centres the popover under an icon in the middle of the menu bar', () => {
    expect(popoverPosition(icon(1000), size, [primary])).toEqual({
      x: 1000 + 11 - 190,
      y: 24 + POPOVER_GAP,
      side: 'below',
    });
  });

  it('keeps the popover on screen when the icon sits near the right edge', () => {
    const p = popoverPosition(icon(1420), size, [primary]);
    expect(p.x).toBe(1440 - 380 - POPOVER_MARGIN);
    expect(p.side).toBe('below');
  });

  it('keeps the popover on screen when the icon sits near the left edge', () => {
    expect(popoverPosition(icon(2), size, [primary]).x).toBe(POPOVER_MARGIN);
  });

  it('uses the display that holds the icon: a second display to the right', () => {
    const right = mac(1440, 0, 2560, 1440);
    const p = popoverPosition(icon(1440 + 2500), size, [primary, right]);
    expect(p.x).toBe(1440 + 2560 - 380 - POPOVER_MARGIN);
    expect(p.y).toBe(24 + POPOVER_GAP);
  });

  it('uses the display that holds the icon: a display left of and above the primary (negative coordinates)', () => {
    const upperLeft = mac(-1920, -1080, 1920, 1080);
    const p = popoverPosition(icon(-600, -1080), size, [primary, upperLeft]);
    expect(p).toEqual({ x: -600 + 11 - 190, y: -1080 + 24 + POPOVER_GAP, side: 'below' });
  });

  it('goes above an icon in a bottom taskbar and stays inside the work area', () => {
    const linux: DisplayLike = {
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    };
    const p = popoverPosition({ x: 1880, y: 1044, width: 32, height: 32 }, size, [linux]);
    expect(p.side).toBe('above');
    expect(p.y).toBe(1040 - 560);
    expect(p.x).toBe(1920 - 380 - POPOVER_MARGIN);
  });

  it('falls back to the top-right of the first display when the tray reports no bounds', () => {
    expect(popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, size, [primary])).toEqual({
      x: 1440 - 380 - POPOVER_MARGIN,
      y: 24 + POPOVER_GAP,
      side: 'below',
    });
  });

  it('an icon on the border between two displays picks the nearest one', () => {
    const right = mac(1440, 0, 1440, 900);
    // Centre at x = 1440 + 11 → inside the right display.
    const p = popoverPosition(icon(1440), size, [primary, right]);
    expect(p.x).toBeGreaterThanOrEqual(1440 + POPOVER_MARGIN);
  });
});
