import { createClient, type ClientTransport, type TetherClient } from '../../shared/contract';
import { electronBridge } from './bridge';
import { createWsTransport } from '../../shared/contract/wsTransport';
import { takePageToken } from './pageToken';

/**
 * The transport's state, plus `no-token`: a browser page opened without the token Tether
 * printed, which never tries to connect.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'refused' | 'no-token';

/** A transport for a page without a token: every call fails with the reason, nothing connects. */
const NO_TOKEN_TRANSPORT: ClientTransport = {
  invoke: () =>
    Promise.resolve({
      ok: false,
      error: { code: 'disconnected', message: 'This page was opened without the token Tether printed.' },
    }),
  subscribe: () => () => {},
};

/**
 * Picks the transport once: the preload's bridge inside Electron, else the headless
 * WebSocket with the page's token (from the fragment, then sessionStorage: see pageToken.ts).
 * Everything above this file sees only the typed client.
 */
export function connect(onStatus: (s: ConnectionStatus) => void = () => {}): TetherClient {
  const bridge = electronBridge();
  let transport: ClientTransport;
  if (bridge) {
    transport = bridge;
    onStatus('open');
  } else {
    const token = takePageToken({
      location: window.location,
      storage: sessionStorageOrNone(),
      history: window.history,
    });
    if (token === '') {
      transport = NO_TOKEN_TRANSPORT;
      onStatus('no-token');
    } else {
      const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      transport = createWsTransport({ baseUrl: `${proto}//${window.location.host}`, token, onStatus });
    }
  }
  // eslint-disable-next-line no-console -- the browser console is the renderer's log
  return createClient(transport, (msg) => console.warn(`[tether] ${msg}`));
}

/** The tab's sessionStorage, or a stand-in that keeps nothing where the browser refuses it. */
function sessionStorageOrNone(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    return window.sessionStorage;
  } catch {
    return { getItem: () => null, setItem: () => {} };
  }
}

/**
 * Whether the server that served this page still answers HTTP. A WebSocket refused at the
 * upgrade looks the same to the page whether the engine is gone or turned the token away;
 * this tells the two apart (answers: wrong token; no answer: engine gone).
 */
export async function pageServerAnswers(): Promise<boolean> {
  try {
    await fetch(new URL('/', window.location.href), { method: 'HEAD', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}
