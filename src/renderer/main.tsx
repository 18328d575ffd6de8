import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './client';
import { bindApp } from './stores/appStore';
import { bindClusters } from './stores/clustersStore';
import { useConnectionStore } from './stores/connectionStore';
import { bindForwards } from './stores/forwardsStore';
import { bindContexts } from './stores/contextsStore';
import './styles.css';

const client = connect((status) => useConnectionStore.setState({ status }));
bindContexts(client);
bindClusters(client);
bindForwards(client);
bindApp(client);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}
