import { render } from '@testing-library/react';
import { App } from '../App';
import { resetClustersStore, bindClusters } from '../stores/clustersStore';
import { bindContexts, useContextsStore } from '../stores/contextsStore';
import { resetDetailStore } from '../stores/detailStore';
import { goHome } from '../stores/navStore';
import { useConnectionStore } from '../stores/connectionStore';
import type { fakeEngine } from './fakeEngine';

/** Resets every store, binds them to a fake engine as main.tsx does, and renders the whole App. */
export function renderApp(engine: ReturnType<typeof fakeEngine>) {
  resetStores();
  useConnectionStore.setState({ status: 'open' });
  const offs = [bindContexts(engine.client), bindClusters(engine.client)];
  const r = render(<App client={engine.client} />);
  return { ...r, unbind: () => offs.forEach((o) => o()) };
}

/** Every store back to its first state (between tests). */
export function resetStores() {
  resetClustersStore();
  resetDetailStore();
  goHome();
  useContextsStore.setState({ status: 'loading', list: undefined, error: undefined });
}
