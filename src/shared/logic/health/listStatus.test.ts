import { describe, expect, it } from 'vitest';
import { ListStatusSchema } from '../../domain/listStatus';
import { classifyError } from './errors';
import { kubectlGet, listStatus, type ListStatusInput } from './listStatus';

const base: ListStatusInput = { resource: 'pods', context: 'dev', server: '127.0.0.1:6443', listedAt: null };
const refused = classifyError({ code: 'ECONNREFUSED' });
const rejected = classifyError({ statusCode: 401 });

describe('kubectlGet', () => {
  it('names the command that lists the same', () => {
    expect(kubectlGet('pods', 'dev')).toBe('kubectl get pods -A --context dev');
    expect(kubectlGet('pods', 'dev', 'team-a')).toBe('kubectl get pods -n team-a --context dev');
    expect(kubectlGet('namespaces', 'dev')).toBe('kubectl get namespaces --context dev');
    expect(kubectlGet('events', 'arn:aws:eks:eu-west-1:1:cluster/prod')).toBe(
      'kubectl get events -A --context arn:aws:eks:eu-west-1:1:cluster/prod',
    );
    expect(kubectlGet('pods', "it's mine")).toBe(`kubectl get pods -A --context 'it'\\''s mine'`);
  });
});

describe('listStatus', () => {
  it('loaded only after a list succeeded; before that, loading', () => {
    expect(listStatus(base)).toMatchObject({ state: 'loading', listedAt: null, stale: false });
    const s = listStatus({ ...base, listedAt: 5000 });
    expect(s).toMatchObject({ state: 'loaded', listedAt: 5000, stale: false, reason: '' });
    expect(ListStatusSchema.parse(s)).toEqual(s);
  });

  it('a list failing before the probe has a verdict says since when it fails; the outage wins once there is one', () => {
    const timeout = classifyError({ code: 'ECONNRESET' });
    expect(listStatus({ ...base, listedAt: 1000, listError: timeout, listErrorSince: 4000 })).toMatchObject({
      state: 'unreachable',
      stale: true,
      since: 4000,
    });
    expect(
      listStatus({ ...base, listedAt: 1000, listErrorSince: 4000, outage: { error: timeout, since: 3000 } })
        .since,
    ).toBe(3000);
    expect(listStatus({ ...base, listedAt: 1000, listError: timeout }).since).toBeNull();
  });

  it("401 before the probe has a verdict: unauthorized, with kubectl's words", () => {
    const s = listStatus({ ...base, listError: rejected });
    expect(s).toMatchObject({
      state: 'unauthorized',
      stale: false,
      kubectlError: 'error: You must be logged in to the server (Unauthorized)',
      kubectl: 'kubectl get pods -A --context dev',
    });
    expect(s.reason).toMatch(/credentials rejected \(401\)/);
  });

  it("403 at cluster scope: forbidden, with the API server's sentence as kubectl prints it", () => {
    const serverMessage =
      'pods is forbidden: User "system:serviceaccount:t:r" cannot list resource "pods" in API group "" at the cluster scope';
    const s = listStatus({ ...base, forbidden: { message: 'no permission to list pods', serverMessage } });
    expect(s).toMatchObject({
      state: 'forbidden',
      reason: 'no permission to list pods',
      kubectlError: `Error from server (Forbidden): ${serverMessage}`,
    });
    expect(ListStatusSchema.parse(s)).toEqual(s);
  });

  it('an outage after a list: the items are stale, with when they were listed and since when the API is gone', () => {
    const s = listStatus({ ...base, listedAt: 1000, outage: { error: refused, since: 2000 } });
    expect(s).toMatchObject({ state: 'unreachable', stale: true, listedAt: 1000, since: 2000 });
    expect(s.reason).toMatch(/connection refused/);
    expect(s.kubectlError).toBe(
      'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
    );
  });

  it('an outage before any list: unreachable, nothing stale', () => {
    expect(listStatus({ ...base, outage: { error: refused, since: 2000 } })).toMatchObject({
      state: 'unreachable',
      stale: false,
      listedAt: null,
    });
    const timeout = classifyError({ code: 'ETIMEDOUT' });
    expect(listStatus({ ...base, listError: timeout }).kubectlError).toBe(
      'Unable to connect to the server: dial tcp 127.0.0.1:6443: i/o timeout',
    );
  });

  it('credentials rejected during an outage beat an old 403; a check off in settings is off', () => {
    const forbidden = { message: 'no permission to list pods' };
    expect(listStatus({ ...base, forbidden, outage: { error: rejected, since: 1 } }).state).toBe(
      'unauthorized',
    );
    expect(listStatus({ ...base, forbidden, off: true }).state).toBe('off');
  });

  it('a 403 or 410 on the list is not an outage', () => {
    expect(listStatus({ ...base, listedAt: 1, listError: classifyError({ statusCode: 410 }) }).state).toBe(
      'loaded',
    );
  });
});

describe('listStatus for a namespace-scoped view', () => {
  it('says which namespaces it covers, with one kubectl command per namespace', () => {
    const s = listStatus({ ...base, listedAt: 5, watchedNamespaces: ['payments', 'web'] });
    expect(s).toMatchObject({
      state: 'loaded',
      scope: 'pods in payments, web (no cluster-wide access)',
      kubectl: 'kubectl get pods -n payments --context dev; kubectl get pods -n web --context dev',
    });
    expect(ListStatusSchema.parse(s)).toEqual(s);
    // One namespace asked for: that one, no scope to add.
    expect(
      listStatus({ ...base, namespace: 'web', listedAt: 5, watchedNamespaces: ['web'] }),
    ).not.toHaveProperty('scope');
  });

  it('a namespace that is not watched is "off" with the reason, never an empty list', () => {
    const s = listStatus({ ...base, namespace: 'other', listedAt: 5, notWatched: 'other is not watched: …' });
    expect(s).toMatchObject({ state: 'off', reason: 'other is not watched: …' });
  });
});
