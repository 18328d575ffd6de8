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

/** Applies a theme to the document (kept for this session; there is no settings channel for it yet). */
export function setTheme(theme: Theme): void {
  useAppStore.setState({ theme });
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
