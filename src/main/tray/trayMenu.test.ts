import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { trayMenuTemplate, type TrayMenuActions, type TrayMenuModel } from './trayMenu';

const model: TrayMenuModel = {
  launchAtLogin: true,
  popoverPinned: false,
  contexts: ['prod', 'staging'],
  muted: ['staging'],
  forwardCount: 2,
};
function actions(): TrayMenuActions & Record<string, ReturnType<typeof vi.fn>> {
  const names = [
    'open',
    'startAllForwards',
    'stopAllForwards',
    'recheckAll',
    'setLaunchAtLogin',
    'setPinned',
    'setMuted',
    'preferences',
    'openLogs',
    'copyDiagnostics',
    'quit',
  ];
  return Object.fromEntries(names.map((n) => [n, vi.fn()])) as never;
}
const byId = (items: MenuItemConstructorOptions[], id: string) => items.find((i) => i.id === id)!;
const click = (item: MenuItemConstructorOptions, checked = false) =>
  (item.click as (i: { checked: boolean }) => void)({ checked });

describe('trayMenuTemplate', () => {
  it('the top level is exactly Open, Start all, Stop all, Recheck all, Launch at login, Preferences, (More), Quit', () => {
    const menu = trayMenuTemplate(model, actions());
    expect(menu.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      'Open Tether',
      'Start All Forwards',
      'Stop All Forwards',
      'Recheck All',
      'Launch at Login',
      'Preferences…',
      'More',
      'Quit Tether',
    ]);
    expect(byId(menu, 'login')).toMatchObject({ type: 'checkbox', checked: true });
  });

  it('each item calls its action', () => {
    const a = actions();
    const menu = trayMenuTemplate(model, a);
    for (const [id, action] of [
      ['open', 'open'],
      ['start-all', 'startAllForwards'],
      ['stop-all', 'stopAllForwards'],
      ['recheck-all', 'recheckAll'],
      ['preferences', 'preferences'],
      ['quit', 'quit'],
    ] as const) {
      click(byId(menu, id));
      expect(a[action], id).toHaveBeenCalledTimes(1);
    }
    click(byId(menu, 'login'), false);
    expect(a.setLaunchAtLogin).toHaveBeenCalledWith(false);
  });

  it('More holds per-cluster mute (ticked when muted), Keep Popover Open, Open Logs and Copy Diagnostics', () => {
    const a = actions();
    const more = byId(trayMenuTemplate(model, a), 'more').submenu as MenuItemConstructorOptions[];
    const mute = byId(more, 'mute').submenu as MenuItemConstructorOptions[];
    expect(mute.map((i) => [i.label, i.checked])).toEqual([
      ['prod', false],
      ['staging', true],
    ]);
    click(mute[0]!, true);
    expect(a.setMuted).toHaveBeenCalledWith('prod', true);
    click(byId(more, 'pin'), true);
    expect(a.setPinned).toHaveBeenCalledWith(true);
    click(byId(more, 'open-logs'));
    click(byId(more, 'copy-diagnostics'));
    expect(a.openLogs).toHaveBeenCalledTimes(1);
    expect(a.copyDiagnostics).toHaveBeenCalledTimes(1);
  });

  it('without forwards, Start/Stop all are greyed out; without clusters, mute says so', () => {
    const menu = trayMenuTemplate({ ...model, forwardCount: 0, contexts: [] }, actions());
    expect(byId(menu, 'start-all').enabled).toBe(false);
    expect(byId(menu, 'stop-all').enabled).toBe(false);
    const more = byId(menu, 'more').submenu as MenuItemConstructorOptions[];
    expect(byId(more, 'mute').submenu).toEqual([{ label: 'No monitored clusters', enabled: false }]);
  });
});
