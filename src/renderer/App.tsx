import { useEffect, useLayoutEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import type { TetherClient } from '../shared/contract';
import { ClientProvider } from './client/ClientContext';
import { AppHealthView } from './features/appHealth/AppHealthView';
import { ConnectionBanner } from './features/connection/ConnectionBanner';
import { BANNER_KINDS, SCREEN_KINDS, connectionView } from './features/connection/connectionView';
import { TokenScreen } from './features/connection/TokenScreen';
import { ClusterDetail } from './features/clusterDetail/ClusterDetail';
import { PodDetail } from './features/clusterDetail/PodDetail';
import { ForwardForm } from './features/forwards/ForwardForm';
import { ImportExportView } from './features/forwards/ImportExportView';
import { Header } from './features/header/Header';
import { HomeView } from './features/home/HomeView';
import { SettingsView } from './features/settings/SettingsView';
import { handleGlobalKey } from './keyboard';
import { useConnectionStore } from './stores/connectionStore';
import { currentRoute, useNavStore, type Route } from './stores/navStore';

/** From this width the page is two panes (list | detail) instead of one popover-wide column. */
const WIDE_QUERY = '(min-width: 900px)';

/** Whether the window is wide enough for two panes (never in the Electron popover). */
function useWide(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window.matchMedia !== 'function') return () => {};
      const mq = window.matchMedia(WIDE_QUERY);
      mq.addEventListener('change', onChange);
      return () => mq.removeEventListener('change', onChange);
    },
    () => typeof window.matchMedia === 'function' && window.matchMedia(WIDE_QUERY).matches,
  );
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'home':
      return <HomeView />;
    case 'cluster':
      return <ClusterDetail context={route.context} tab={route.tab} />;
    case 'pod':
      return <PodDetail context={route.context} namespace={route.namespace} name={route.name} />;
    case 'forward':
      return <ForwardForm key={route.id ?? 'new'} id={route.id} />;
    case 'import':
      return <ImportExportView />;
    case 'settings':
      return <SettingsView />;
    case 'health':
      return <AppHealthView />;
  }
}

/**
 * Remembers which row opened each view, and puts focus back on it when the user comes back
 * (Esc or the Back button), so keyboard flows never restart from the top.
 */
function useFocusReturn(root: RefObject<HTMLElement | null>, depth: number) {
  const keys = useRef<(string | undefined)[]>([]);
  const prevDepth = useRef(depth);
  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    if (depth > prevDepth.current) {
      // Opened: the selected tab if the view has tabs, else its Back button.
      (
        el.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]') ??
        el.querySelector<HTMLElement>('.detail button')
      )?.focus();
    } else if (depth < prevDepth.current) {
      const key = keys.current[depth - 1];
      const target = key ? el.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`) : null;
      (target ?? el.querySelector<HTMLElement>('[data-nav-item]'))?.focus();
    }
    keys.current.length = depth;
    prevDepth.current = depth;
  }, [depth, root]);
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onFocus = (e: FocusEvent) => {
      const key = (e.target as HTMLElement).closest<HTMLElement>('[data-focus-key]')?.dataset.focusKey;
      if (key) keys.current[prevDepth.current - 1] = key;
    };
    el.addEventListener('focusin', onFocus);
    return () => el.removeEventListener('focusin', onFocus);
  }, [root]);
}

/** The popover: header with the overall state and quick actions, then the current view. */
export function App({ client }: { client: TetherClient }) {
  const route = useNavStore(currentRoute);
  const depth = useNavStore((s) => s.stack.length);
  const root = useRef<HTMLElement>(null);
  const conn = useConnectionStore(connectionView);
  const wide = useWide();
  useFocusReturn(root, depth);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => root.current && handleGlobalKey(e, root.current);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (SCREEN_KINDS.has(conn)) return <TokenScreen kind={conn} />;
  const lost = BANNER_KINDS.has(conn);
  return (
    <ClientProvider client={client}>
      {/* Lost: the data below is what the page knew before; its state colours go neutral. */}
      <main className={`popover${wide ? ' wide' : ''}${lost ? ' engine-lost' : ''}`} ref={root}>
        {lost && <ConnectionBanner kind={conn} />}
        <Header />
        {wide ? (
          <div className="panes">
            <div className="pane pane-list">
              <HomeView />
            </div>
            <div className="pane pane-detail">
              {route.view === 'home' ? (
                <p className="muted placeholder pane-hint">
                  Select a cluster to see its pods, events and history here.
                </p>
              ) : (
                <View route={route} />
              )}
            </div>
          </div>
        ) : (
          <View route={route} />
        )}
      </main>
    </ClientProvider>
  );
}
