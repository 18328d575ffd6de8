import { TOKEN_PARAM, createClient, type ClientTransport, type TetherClient } from '../../shared/contract';
import { electronBridge } from './bridge';
import { createWsTransport } from '../../shared/contract/wsTransport';

export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'refused';

/**
 * Picks the transport once: the preload's bridge inside Electron, else the headless
 * WebSocket with the token from the page's fragment. Everything above this file sees only
 * the typed client.
 */
export function connect(onStatus: (s: ConnectionStatus) => void = () => {}): TetherClient {
  const bridge = electronBridge();
  let transport: ClientTransport;
  if (bridge) {
    transport = bridge;
    onStatus('open');
  } else {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const token = params.get(TOKEN_PARAM) ?? '';
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    transport = createWsTransport({ baseUrl: `${proto}//${window.location.host}`, token, onStatus });
  }
  // eslint-disable-next-line no-console -- the browser console is the renderer's log
  return createClient(transport, (msg) => console.warn(`[tether] ${msg}`));
}
