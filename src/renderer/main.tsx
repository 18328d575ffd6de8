import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './client';
import { bindApp, restoreTheme } from './stores/appStore';
import { bindClusters } from './stores/clustersStore';
import { onConnectionStatus } from './stores/connectionStore';
import { bindForwards } from './stores/forwardsStore';
import { bindContexts } from './stores/contextsStore';
import { bindProvisioning } from './stores/provisioningStore';
import { bindUiNavigate } from './stores/uiNavigate';
import './styles.css';

restoreTheme();
const client = connect((status) => onConnectionStatus(status));
bindContexts(client);
bindClusters(client);
bindForwards(client);
bindProvisioning(client);
bindApp(client);
bindUiNavigate(client);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}
