import { popoverPosition, type DisplayLike, type Rect } from '../../shared/logic/tray';

/** The slice of BrowserWindow the controller drives. */
export interface PopoverWindowLike {
  isVisible(): boolean;
  isDestroyed(): boolean;
  show(): void;
  hide(): void;
  focus(): void;
  getBounds(): Rect;
  setPosition(x: number, y: number): void;
  setVisibleOnAllWorkspaces(visible: boolean, options?: { visibleOnFullScreen?: boolean }): void;
  on(event: 'blur' | 'focus', listener: () => void): unknown;
}

export interface PopoverControllerOptions {
  win: PopoverWindowLike;
  /** Where the tray icon is now (it moves when other menu-bar items come and go). */
  trayBounds: () => Rect;
  displays: () => readonly DisplayLike[];
  /** Pinned: losing focus does not hide it. */
  pinned: () => boolean;
  /** Grace after blur before hiding; also how long a tray click after a blur-hide counts as "close". */
  graceMs?: number;
  now?: () => number;
}

/**
 * Shows and hides the popover under the tray icon. On blur it hides after a short grace
 * (a click on the tray icon blurs the popover first; without the grace that click would
 * re-open what the blur just closed). Visible on all Spaces, including over full-screen apps.
 */
export class PopoverController {
  private readonly o: PopoverControllerOptions;
  private readonly graceMs: number;
  private readonly now: () => number;
  private blurTimer: ReturnType<typeof setTimeout> | undefined;
  private blurHiddenAt = -Infinity;

  constructor(o: PopoverControllerOptions) {
    this.o = o;
    this.graceMs = o.graceMs ?? 150;
    this.now = o.now ?? Date.now;
    o.win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    o.win.on('blur', () => this.onBlur());
    o.win.on('focus', () => this.cancelBlur());
  }

  /** The tray's left click. */
  toggle(): void {
    if (this.o.win.isDestroyed()) return;
    if (this.o.win.isVisible()) {
      this.hide();
      return;
    }
    // The click that blurred (and so hid) the popover a moment ago meant "close".
    if (this.now() - this.blurHiddenAt < this.graceMs * 2) return;
    this.show();
  }

  /** Shows it under the tray icon and focuses it. */
  show(): void {
    const win = this.o.win;
    if (win.isDestroyed()) return;
    this.cancelBlur();
    const { width, height } = win.getBounds();
    const p = popoverPosition(this.o.trayBounds(), { width, height }, this.o.displays());
    win.setPosition(p.x, p.y);
    win.show();
    win.focus();
  }

  hide(): void {
    this.cancelBlur();
    if (!this.o.win.isDestroyed()) this.o.win.hide();
  }

  /** Clears the pending blur timer (on quit). */
  dispose(): void {
    this.cancelBlur();
  }

  private onBlur() {
    if (this.o.pinned()) return;
    this.cancelBlur();
    this.blurTimer = setTimeout(() => {
      this.blurTimer = undefined;
      if (this.o.win.isDestroyed() || !this.o.win.isVisible()) return;
      this.o.win.hide();
      this.blurHiddenAt = this.now();
    }, this.graceMs);
  }

  private cancelBlur() {
    clearTimeout(this.blurTimer);
    this.blurTimer = undefined;
  }
}
