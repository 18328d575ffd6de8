import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { TetherClient } from '../shared/contract';
import { ClientProvider } from './client/ClientContext';
import { AppHealthView } from './features/appHealth/AppHealthView';
import { ClusterDetail } from './features/clusterDetail/ClusterDetail';
import { PodDetail } from './features/clusterDetail/PodDetail';
import { ForwardForm } from './features/forwards/ForwardForm';
import { ImportExportView } from './features/forwards/ImportExportView';
import { Header } from './features/header/Header';
import { HomeView } from './features/home/HomeView';
import { SettingsView } from './features/settings/SettingsView';
import { handleGlobalKey } from './keyboard';
import { currentRoute, useNavStore, type Route } from './stores/navStore';

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
  useFocusReturn(root, depth);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => root.current && handleGlobalKey(e, root.current);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <ClientProvider client={client}>
      <main className="popover" ref={root}>
        <Header />
        <View route={route} />
      </main>
    </ClientProvider>
  );
}
