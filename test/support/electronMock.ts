import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A typed stand-in for the parts of the `electron` module Tether's platform layer uses.
 * Tests install it with `vi.mock('electron', () => createElectronMock())`: the real Electron
 * binary is never loaded (it cannot be downloaded here, and unit tests must not need it).
 * Every constructed object is recorded so tests can assert what the shell did.
 */
export function createElectronMock() {
  const created = {
    windows: [] as MockBrowserWindow[],
    trays: [] as MockTray[],
    menus: [] as unknown[][],
    notifications: [] as MockNotification[],
  };

  class MockWebContents extends EventEmitter {
    windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
    sent: unknown[][] = [];
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.windowOpenHandler = h;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return false;
    }
  }

  class MockBrowserWindow extends EventEmitter {
    options: Record<string, unknown>;
    webContents = new MockWebContents();
    loadedUrl: string | undefined;
    visible = false;
    bounds = { x: 0, y: 0, width: 380, height: 560 };
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      created.windows.push(this);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
    }
    isVisible() {
      return this.visible;
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    getBounds() {
      return this.bounds;
    }
    setPosition(x: number, y: number) {
      this.bounds = { ...this.bounds, x, y };
    }
    setVisibleOnAllWorkspaces = vi.fn();
    isDestroyed() {
      return false;
    }
  }

  class MockNotification extends EventEmitter {
    static isSupported = vi.fn(() => true);
    options: { title: string; body: string; silent?: boolean };
    shown = false;
    constructor(options: { title: string; body: string; silent?: boolean }) {
      super();
      this.options = options;
      created.notifications.push(this);
    }
    show() {
      this.shown = true;
    }
  }

  class MockTray extends EventEmitter {
    /** The icon it was created with; `image` is the current one. */
    readonly initialImage: string;
    image: string;
    tooltip = '';
    constructor(image: string) {
      super();
      this.initialImage = image;
      this.image = image;
      created.trays.push(this);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setImage(i: string) {
      this.image = i;
    }
    getBounds() {
      return { x: 1000, y: 0, width: 22, height: 24 };
    }
    popUpContextMenu = vi.fn();
  }

  /** One 1440×900 display with a 24 px menu bar, like a MacBook. */
  const displays = [
    {
      id: 1,
      bounds: { x: 0, y: 0, width: 1440, height: 900 },
      workArea: { x: 0, y: 24, width: 1440, height: 876 },
    },
  ];

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    dock: { hide: vi.fn() },
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => '/tmp'),
    getVersion: vi.fn(() => '0.0.0-test'),
    setLoginItemSettings: vi.fn(
      (s: { openAtLogin: boolean }) => void (loginItem.openAtLogin = s.openAtLogin),
    ),
    getLoginItemSettings: vi.fn(() => ({ ...loginItem })),
  });
  const loginItem = { openAtLogin: false };

  const permissionHandlers: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void)[] = [];
  const permissionCheckHandlers: ((wc: unknown, permission: string) => boolean)[] = [];
  type HeadersListener = (
    details: { responseHeaders?: Record<string, string[]> },
    cb: (r: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void;
  const headerListeners: HeadersListener[] = [];
  const handles = new Map<string, (...args: unknown[]) => unknown>();
  const powerMonitor = Object.assign(new EventEmitter(), {});

  const mock = {
    created,
    permissionHandlers,
    permissionCheckHandlers,
    headerListeners,
    handles,
    app,
    powerMonitor,
    BrowserWindow: MockBrowserWindow,
    Tray: MockTray,
    Notification: MockNotification,
    screen: { getAllDisplays: vi.fn(() => displays), getPrimaryDisplay: vi.fn(() => displays[0]) },
    clipboard: { writeText: vi.fn(async (_text: string) => {}), readText: vi.fn(async () => '') },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => {
        created.menus.push(template);
        return { items: template };
      }),
    },
    ipcMain: {
      handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => void handles.set(channel, fn)),
      removeHandler: vi.fn((channel: string) => void handles.delete(channel)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((h: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) =>
          permissionHandlers.push(h),
        ),
        setPermissionCheckHandler: vi.fn((h: (wc: unknown, p: string) => boolean) =>
          permissionCheckHandlers.push(h),
        ),
        webRequest: { onHeadersReceived: vi.fn((l: HeadersListener) => headerListeners.push(l)) },
      },
    },
    shell: { openExternal: vi.fn(async () => {}), openPath: vi.fn(async () => '') },
    // Cancel unless a test says otherwise.
    dialog: { showMessageBox: vi.fn(async (_o: unknown) => ({ response: 1 })) },
  };
  // `import electron from 'electron'` (electron-store does this) reads the default export.
  return { ...mock, default: mock };
}

export type ElectronMock = ReturnType<typeof createElectronMock>;
