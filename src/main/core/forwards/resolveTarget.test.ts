import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../kube/apiClient';
import { ApiError } from '../kube/apiErrors';
import { resolveTarget } from './resolveTarget';

/** An API that answers GETs from a table (path without query → JSON, or an HTTP status). */
function api(table: Record<string, unknown>): ApiClient {
  return {
    getJson: async (path: string) => {
      const answer = table[path.split('?')[0]!];
      if (answer === undefined) throw new ApiError(404, `${path} not found`);
      if (typeof answer === 'number') throw new ApiError(answer, `HTTP ${answer}`);
      return answer;
    },
  } as unknown as ApiClient;
}

const pod = (name: string) => ({
  metadata: { name, namespace: 'shop', labels: { app: 'web' } },
  spec: { containers: [{ ports: [{ name: 'http', containerPort: 8080 }] }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});
const service = {
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
};
const svcPath = '/api/v1/namespaces/shop/services/web';
const podsPath = '/api/v1/namespaces/shop/pods';
const spec = (target: Parameters<typeof resolveTarget>[1]['target'], remotePort: number | string = 80) => ({
  namespace: 'shop',
  target,
  remotePort,
});

describe('resolveTarget tells a wrong forward from a wait', () => {
  it('a Service and a ready pod → the pod and the port behind the Service port', async () => {
    const r = await resolveTarget(
      api({ [svcPath]: service, [podsPath]: { items: [pod('web-1')] } }),
      spec({ kind: 'service', name: 'web' }),
    );
    expect(r).toMatchObject({ ok: true, pod: 'web-1', port: 8080 });
  });

  it('a Service that does not exist → target-missing (a configuration error)', async () => {
    const r = await resolveTarget(api({}), spec({ kind: 'service', name: 'web' }));
    expect(r).toEqual({
      ok: false,
      problem: 'target-missing',
      message: 'Service web not found in namespace shop',
    });
  });

  it('a port the Service does not expose → target-missing, even with no pods', async () => {
    const r = await resolveTarget(
      api({ [svcPath]: service, [podsPath]: { items: [] } }),
      spec({ kind: 'service', name: 'web' }, 443),
    );
    expect(r).toEqual({
      ok: false,
      problem: 'target-missing',
      message: 'Service web has no port 443; its ports: 80',
    });
  });

  it('a Service with no pods yet → a wait (no-ready-pod)', async () => {
    const r = await resolveTarget(
      api({ [svcPath]: service, [podsPath]: { items: [] } }),
      spec({ kind: 'service', name: 'web' }),
    );
    expect(r).toMatchObject({ ok: false, problem: 'no-ready-pod' });
  });

  it('a selector with 0 pods, a Deployment or pod not there yet → a wait', async () => {
    for (const target of [
      { kind: 'selector', selector: 'app=web' },
      { kind: 'deployment', name: 'web' },
      { kind: 'pod', name: 'web-1' },
    ] as const) {
      const r = await resolveTarget(api({ [podsPath]: { items: [] } }), spec(target, 8080));
      expect(r).toMatchObject({ ok: false, problem: 'no-ready-pod' });
    }
  });

  it('403 → forbidden (a wait with its reason)', async () => {
    const r = await resolveTarget(api({ [svcPath]: 403 }), spec({ kind: 'service', name: 'web' }));
    expect(r).toMatchObject({ ok: false, problem: 'forbidden', message: 'Not allowed: HTTP 403' });
  });

  it('the API not answering → cluster-down', async () => {
    const down = {
      getJson: async () => Promise.reject(new Error('connect ECONNREFUSED')),
    } as unknown as ApiClient;
    const r = await resolveTarget(down, spec({ kind: 'service', name: 'web' }));
    expect(r).toMatchObject({ ok: false, problem: 'cluster-down' });
  });
});
