import { describe, expect, it } from 'vitest';
import { ListStatusSchema } from '../../domain/listStatus';
import { classifyError } from './errors';
import { mayNotList, oneShotListStatus } from './oneShotList';

const namespaces = { resource: 'namespaces', context: 'dev', server: '127.0.0.1:6443' };
const targets = { resource: 'services,deployments,pods', context: 'dev', namespace: 'shop' };

describe('oneShotListStatus', () => {
  it('listed: loaded at that time, with the kubectl command that lists the same', () => {
    const s = oneShotListStatus(namespaces, { kind: 'listed', at: 5000 });
    expect(s).toEqual({
      state: 'loaded',
      listedAt: 5000,
      stale: false,
      reason: '',
      since: null,
      kubectl: 'kubectl get namespaces --context dev',
    });
    expect(ListStatusSchema.parse(s)).toEqual(s);
    expect(oneShotListStatus(targets, { kind: 'listed', at: 1 }).kubectl).toBe(
      'kubectl get services,deployments,pods -n shop --context dev',
    );
  });

  it('403: forbidden, "may not list namespaces", with the server’s sentence as kubectl prints it', () => {
    const serverMessage = 'namespaces is forbidden: User "u" cannot list resource "namespaces"';
    const s = oneShotListStatus(namespaces, { kind: 'forbidden', serverMessage });
    expect(s).toMatchObject({ state: 'forbidden', reason: 'may not list namespaces', listedAt: null });
    expect(s.kubectlError).toBe(`Error from server (Forbidden): ${serverMessage}`);
    // A 403 that came as an error says the same.
    const thrown = oneShotListStatus(targets, {
      kind: 'failed',
      at: 1,
      error: classifyError({ statusCode: 403 }),
    });
    expect(thrown).toMatchObject({
      state: 'forbidden',
      reason: 'may not list services, deployments, pods in shop',
    });
  });

  it('401: unauthorized, in the words the other lists use', () => {
    const s = oneShotListStatus(namespaces, {
      kind: 'failed',
      at: 7,
      error: classifyError({ statusCode: 401 }),
    });
    expect(s).toMatchObject({ state: 'unauthorized', since: 7, stale: false });
    expect(s.reason).toMatch(/credentials rejected \(401\)/);
    expect(s.kubectlError).toBe('error: You must be logged in to the server (Unauthorized)');
  });

  it('refused, timed out, throttled: unreachable with the reason, never loading and never stale', () => {
    const refused = oneShotListStatus(namespaces, {
      kind: 'failed',
      at: 9,
      error: classifyError({ code: 'ECONNREFUSED' }),
    });
    expect(refused).toMatchObject({ state: 'unreachable', since: 9, stale: false });
    expect(refused.reason).toMatch(/connection refused/);
    expect(refused.kubectlError).toBe(
      'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
    );
    for (const error of [classifyError({ statusCode: 429 }), classifyError({ statusCode: 410 })]) {
      const s = oneShotListStatus(namespaces, { kind: 'failed', at: 1, error });
      expect(s.state).toBe('unreachable');
      expect(s.reason).not.toBe('');
    }
  });
});

describe('mayNotList', () => {
  it('names the kinds, and the namespace when there is one', () => {
    expect(mayNotList('namespaces')).toBe('may not list namespaces');
    expect(mayNotList('services,pods', 'shop')).toBe('may not list services, pods in shop');
  });
});
