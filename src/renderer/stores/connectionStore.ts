import { create } from 'zustand';
import { pageServerAnswers, type ConnectionStatus } from '../client';

/** The page's link to the engine, as the banner and header need it. */
export interface ConnectionState {
  /** The transport's latest state. */
  status: ConnectionStatus;
  /** The page reached the engine at least once (its data may be old now). */
  everOpen: boolean;
  /** After a refusal: whether the page's server still answers (true: token turned away). */
  serverUp: boolean | undefined;
}

/** Whether the page can reach the engine; the header and the banner show it. */
export const useConnectionStore = create<ConnectionState>(() => ({
  status: 'connecting',
  everOpen: false,
  serverUp: undefined,
}));

/**
 * Records a transport status. A refusal is followed by a probe of the page's server, so the
 * banner can say "engine gone" or "new token" instead of one vague "refused".
 */
export function onConnectionStatus(status: ConnectionStatus, probe = pageServerAnswers): void {
  if (status === 'open') {
    useConnectionStore.setState({ status, everOpen: true, serverUp: undefined });
    return;
  }
  useConnectionStore.setState({ status });
  if (status === 'refused') {
    void probe().then((up) => {
      // A later open wins over a late probe answer.
      if (useConnectionStore.getState().status !== 'open') useConnectionStore.setState({ serverUp: up });
    });
  }
}
