import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopoverController, type PopoverWindowLike } from './popoverController';

class FakeWindow extends EventEmitter implements PopoverWindowLike {
  visible = false;
  bounds = { x: 0, y: 0, width: 380, height: 560 };
  allSpaces: unknown[] = [];
  isVisible = () => this.visible;
  isDestroyed = () => false;
  show = () => void (this.visible = true);
  hide = () => void (this.visible = false);
  focus = () => {};
  getBounds = () => this.bounds;
  setPosition = (x: number, y: number) => void (this.bounds = { ...this.bounds, x, y });
  setVisibleOnAllWorkspaces = (...args: unknown[]) => void this.allSpaces.push(args);
}

function setup(pinned = false) {
  const win = new FakeWindow();
  const state = { pinned, t: 0 };
  const c = new PopoverController({
    win,
    trayBounds: () => ({ x: 1000, y: 0, width: 22, height: 24 }),
    displays: () => [
      {
        bounds: { x: 0, y: 0, width: 1440, height: 900 },
        workArea: { x: 0, y: 24, width: 1440, height: 806 },
      },
    ],
    pinned: () => state.pinned,
    graceMs: 150,
    now: () => state.t,
  });
  return { win, c, state };
}

describe('PopoverController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is visible on all Spaces, over full-screen apps too', () => {
    expect(setup().win.allSpaces).toEqual([[true, { visibleOnFullScreen: true }]]);
  });

  it('toggle shows it under the icon, and hides it', () => {
    const { win, c } = setup();
    c.toggle();
    expect(win.visible).toBe(true);
    expect(win.bounds).toMatchObject({ x: 1000 + 11 - 190, y: 28 });
    c.toggle();
    expect(win.visible).toBe(false);
  });

  it('hides on blur after the grace time; focus within the grace keeps it', () => {
    const { win, c } = setup();
    c.show();
    win.emit('blur');
    vi.advanceTimersByTime(100);
    win.emit('focus');
    vi.advanceTimersByTime(500);
    expect(win.visible).toBe(true);
    win.emit('blur');
    vi.advanceTimersByTime(150);
    expect(win.visible).toBe(false);
  });

  it('a tray click that blurred it closes it instead of re-opening it', () => {
    const { win, c, state } = setup();
    c.show();
    // The click blurs first; the tray click arrives within the grace…
    win.emit('blur');
    c.toggle();
    expect(win.visible).toBe(false);
    // …or just after the blur already hid it.
    c.show();
    win.emit('blur');
    vi.advanceTimersByTime(150);
    state.t = 200;
    expect(win.visible).toBe(false);
    c.toggle();
    expect(win.visible).toBe(false);
    state.t = 1000;
    c.toggle();
    expect(win.visible).toBe(true);
  });

  it('a pinned popover stays open on blur', () => {
    const { win, c } = setup(true);
    c.show();
    win.emit('blur');
    vi.advanceTimersByTime(1000);
    expect(win.visible).toBe(true);
  });
});
