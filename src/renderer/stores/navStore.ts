import { create } from 'zustand';

/** The tabs of a cluster's detail view. */
export type ClusterTab = 'pods' | 'events' | 'history' | 'provisioning';

/** Where the popover is. The stack makes Esc go back one step. */
export type Route =
  | { view: 'home' }
  | { view: 'cluster'; context: string; tab: ClusterTab }
  | { view: 'pod'; context: string; namespace: string; name: string }
  | { view: 'forward'; id?: string }
  | { view: 'import' }
  | { view: 'settings' }
  | { view: 'health' };

interface NavState {
  stack: Route[];
}

/** Navigation state: the current route is the top of the stack (never empty). */
export const useNavStore = create<NavState>(() => ({ stack: [{ view: 'home' }] }));

/** The route on top. */
export const currentRoute = (s: NavState): Route => s.stack[s.stack.length - 1] ?? { view: 'home' };

/** Opens a view on top of the current one. */
export function navigate(route: Route): void {
  useNavStore.setState((s) => ({ stack: [...s.stack, route] }));
}

/** Replaces the current view (switching tabs is not a step back). */
export function replaceRoute(route: Route): void {
  useNavStore.setState((s) => ({ stack: [...s.stack.slice(0, -1), route] }));
}

/** One step back; false when already home. */
export function goBack(): boolean {
  const { stack } = useNavStore.getState();
  if (stack.length <= 1) return false;
  useNavStore.setState({ stack: stack.slice(0, -1) });
  return true;
}

/** Home, forgetting the way there. */
export function goHome(): void {
  useNavStore.setState({ stack: [{ view: 'home' }] });
}
