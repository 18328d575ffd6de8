import { create } from 'zustand';
import type { CommandResponse, TetherClient } from '../../shared/contract';

/** The page's own preference for light or dark; "system" follows the OS. */
export type Theme = 'system' | 'light' | 'dark';

interface AppState {
  info: CommandResponse<'app:info'> | undefined;
  infoError: string | undefined;
  theme: Theme;
}

/** What the engine says about itself, and the page's theme. */
export const useAppStore = create<AppState>(() => ({
  info: undefined,
  infoError: undefined,
  theme: 'system',
}));

/** Loads `app:info` once. */
export function bindApp(client: TetherClient): void {
  client.invoke('app:info', {}).then(
    (info) => useAppStore.setState({ info, infoError: undefined }),
    (err: unknown) => useAppStore.setState({ infoError: err instanceof Error ? err.message : String(err) }),
  );
}

/** Where the page keeps its theme: a display preference of this browser, not an engine setting. */
export const THEME_KEY = 'tether.theme';

const isTheme = (v: unknown): v is Theme => v === 'system' || v === 'light' || v === 'dark';

/** Applies a theme to the document and keeps it for the next load (localStorage). */
export function setTheme(theme: Theme): void {
  useAppStore.setState({ theme });
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  try {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage refused (private mode, quota): the theme still applies for this page.
  }
}

/** Applies the theme kept by `setTheme` on an earlier load, if any. */
export function restoreTheme(): void {
  let saved: string | null;
  try {
    saved = localStorage.getItem(THEME_KEY);
  } catch {
    return;
  }
  if (isTheme(saved)) setTheme(saved);
}
