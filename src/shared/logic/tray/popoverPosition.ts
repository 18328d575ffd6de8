/** A rectangle in screen coordinates (Electron's Rectangle, structurally). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A display: its full bounds and the work area (bounds minus menu bar, Dock or taskbar). */
export interface DisplayLike {
  bounds: Rect;
  workArea: Rect;
}

/** Where the popover goes. */
export interface PopoverPlacement {
  x: number;
  y: number;
  /** 'below' under a top menu bar; 'above' over a bottom taskbar (Linux, Windows). */
  side: 'below' | 'above';
}

/** Gap between the icon and the popover, and the margin kept from the work area's edges. */
export const POPOVER_GAP = 4;
export const POPOVER_MARGIN = 8;

/**
 * Places the popover under the tray icon, centred on it, inside the work area of the display
 * that holds the icon: clamped so an icon near a screen edge never pushes the popover off
 * screen. With the menu bar at the top it goes below the icon; with a taskbar at the bottom
 * (icon in the lower half) above it. No tray bounds (some Linux trays report zeros) → the
 * top-right corner of the primary display's work area.
 */
export function popoverPosition(
  tray: Rect,
  size: { width: number; height: number },
  displays: readonly DisplayLike[],
): PopoverPlacement {
  const first = displays[0];
  if (!first)
    return { x: Math.round(tray.x), y: Math.round(tray.y + tray.height + POPOVER_GAP), side: 'below' };
  const known = tray.width > 0 || tray.height > 0 || tray.x !== 0 || tray.y !== 0;
  const centre = { x: tray.x + tray.width / 2, y: tray.y + tray.height / 2 };
  const display = known ? displayFor(centre, displays) : first;
  const area = display.workArea;

  if (!known) {
    return {
      x: Math.round(area.x + area.width - size.width - POPOVER_MARGIN),
      y: Math.round(area.y + POPOVER_GAP),
      side: 'below',
    };
  }

  const side = centre.y <= display.bounds.y + display.bounds.height / 2 ? 'below' : 'above';
  const x = clamp(
    centre.x - size.width / 2,
    area.x + POPOVER_MARGIN,
    area.x + area.width - size.width - POPOVER_MARGIN,
  );
  const wanted = side === 'below' ? tray.y + tray.height + POPOVER_GAP : tray.y - size.height - POPOVER_GAP;
  // Never under the menu bar or over the taskbar: the work area is where windows may go.
  const y = clamp(wanted, area.y, area.y + area.height - size.height);
  return { x: Math.round(x), y: Math.round(y), side };
}

/** The display containing the point, else the nearest one (the icon can sit on a border). */
function displayFor(p: { x: number; y: number }, displays: readonly DisplayLike[]): DisplayLike {
  let best = displays[0]!;
  let bestDistance = Infinity;
  for (const d of displays) {
    const b = d.bounds;
    const dx = Math.max(b.x - p.x, 0, p.x - (b.x + b.width));
    const dy = Math.max(b.y - p.y, 0, p.y - (b.y + b.height));
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return best;
}

/** Clamp, preferring the lower bound when the range is empty (a popover wider than the screen). */
function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(v, hi));
}
