import { describe, expect, it } from 'vitest';
import { handshakeError, SPDY_UPGRADE, verbsNeeded } from './handshake';
import { V4_PROTOCOL } from './v4Channel';
import { SPDY_OVER_WEBSOCKET_PROTOCOL } from './ws/spdyOverWebSocket';

const pod = { namespace: 'shop', pod: 'web-0' };
const status = (message: string) => JSON.stringify({ kind: 'Status', status: 'Failure', message, code: 403 });

describe('verbsNeeded', () => {
  it('the SPDY upgrade (a POST) needs create; a WebSocket upgrade (a GET) needs get and create', () => {
    expect(verbsNeeded(SPDY_UPGRADE)).toBe('the SPDY upgrade needs create on pods/portforward');
    for (const p of [SPDY_OVER_WEBSOCKET_PROTOCOL, V4_PROTOCOL])
      expect(verbsNeeded(p)).toBe('a WebSocket upgrade needs get and create on pods/portforward');
  });
});

describe('handshakeError', () => {
  it('an RBAC 403 names the pod, the API server words and the verbs the upgrade needs', () => {
    const e = handshakeError(
      403,
      status('pods "web-0" is forbidden: User "u" cannot create resource "pods/portforward"'),
      pod,
      SPDY_UPGRADE,
    );
    expect(e.failure).toBe('forbidden');
    expect(e.status).toBe(403);
    expect(e.message).toBe(
      'may not port-forward to pod shop/web-0 (403): pods "web-0" is forbidden: User "u" cannot create resource "pods/portforward" (the SPDY upgrade needs create on pods/portforward)',
    );
  });

  it('the create check of a WebSocket upgrade gives no reason (1.36): the dangling colon goes, the verbs say it', () => {
    const e = handshakeError(403, status('pods "web-0" is forbidden: '), pod, SPDY_OVER_WEBSOCKET_PROTOCOL);
    expect(e.message).toBe(
      'may not port-forward to pod shop/web-0 (403): pods "web-0" is forbidden (a WebSocket upgrade needs get and create on pods/portforward)',
    );
  });

  it('a 403 with no body is the protocol refused, not RBAC', () => {
    const e = handshakeError(403, '', pod, V4_PROTOCOL);
    expect(e.failure).toBe('protocol');
    expect(e.message).toBe('the cluster refused the v4.channel.k8s.io upgrade (403, no reason given)');
  });

  it('401, 404 and anything else', () => {
    expect(handshakeError(401, status('Unauthorized'), pod, SPDY_UPGRADE).failure).toBe('unauthorized');
    expect(handshakeError(404, status('pods "web-0" not found'), pod, SPDY_UPGRADE)).toMatchObject({
      failure: 'pod-gone',
      message: 'pod shop/web-0 is gone (404): pods "web-0" not found',
    });
    expect(handshakeError(500, status('boom'), pod, SPDY_UPGRADE).failure).toBe('protocol');
  });
});
