import type { IncomingMessage } from 'node:http';
import type { ApiClient } from '../../kube/apiClient';
import { apiErrorFrom } from '../../kube/apiErrors';
import { DialError } from './dialer';

/** Where one forwarded port goes: a pod's port, in a namespace, through a cluster's API server. */
export interface PodPort {
  client: ApiClient;
  namespace: string;
  pod: string;
  port: number;
}

/** What the raw SPDY upgrade asks for (`Upgrade:`), as its errors name it. */
export const SPDY_UPGRADE = 'SPDY/3.1';

/** The most an error body at the handshake is read (a Status object is well under this). */
const MAX_ERROR_BODY = 16 * 1024;

export function portForwardPath(t: Pick<PodPort, 'namespace' | 'pod' | 'port'>): string {
  return `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/portforward?ports=${t.port}`;
}

/**
 * The words for a port-forward upgrade the API server refused: 401 (credentials), 403 (RBAC, or
 * with an empty body the runtime refusing the protocol), 404 (the pod is gone), anything else.
 */
export function handshakeError(
  status: number,
  body: string,
  t: Pick<PodPort, 'namespace' | 'pod'>,
  protocol: string,
): DialError {
  const message = apiErrorFrom(status, body).message;
  if (status === 401) return new DialError('unauthorized', `credentials rejected (401): ${message}`, status);
  if (status === 403) {
    // An empty 403 is the runtime refusing the subprotocol, not RBAC (which sends a Status).
    return body.trim()
      ? new DialError(
          'forbidden',
          `may not port-forward to pod ${t.namespace}/${t.pod} (403): ${message.replace(/:\s*$/, '')} (${verbsNeeded(protocol)})`,
          status,
        )
      : new DialError(
          'protocol',
          `the cluster refused the ${protocol} upgrade (403, no reason given)`,
          status,
        );
  }
  if (status === 404)
    return new DialError('pod-gone', `pod ${t.namespace}/${t.pod} is gone (404): ${message}`, status);
  return new DialError(
    'protocol',
    `the API server answered ${status} to the port-forward: ${message}`,
    status,
  );
}

/**
 * What RBAC must grant on pods/portforward for an upgrade, measured on the API server (1.36):
 * the SPDY upgrade is a POST (`create`); a WebSocket upgrade is a GET (`get`), and since 1.35
 * (AuthorizePodWebsocketUpgradeCreatePermission) also `create` — refused with a reason-less
 * message when only the second check fails, so the words must say it.
 */
export function verbsNeeded(protocol: string): string {
  return protocol === SPDY_UPGRADE
    ? 'the SPDY upgrade needs create on pods/portforward'
    : 'a WebSocket upgrade needs get and create on pods/portforward';
}

export function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      body += d;
      if (body.length > MAX_ERROR_BODY) res.destroy();
    });
    res.once('end', () => resolve(body.slice(0, MAX_ERROR_BODY)));
    res.once('close', () => resolve(body.slice(0, MAX_ERROR_BODY)));
    res.once('error', reject);
  });
}
