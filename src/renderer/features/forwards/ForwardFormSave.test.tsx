import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ForwardStatusSchema } from '../../../shared/contract';
import { validateForwardSpec } from '../../../shared/domain/forward';
import { ClientProvider } from '../../client/ClientContext';
import { useContextsStore } from '../../stores/contextsStore';
import { applyForwards } from '../../stores/forwardsStore';
import { contextList } from '../../testing/contexts';
import { useClustersStore } from '../../stores/clustersStore';
import { fakeEngine, pod } from '../../testing/fakeEngine';
import { loadedStatus } from '../../testing/listStatus';
import { resetStores } from '../../testing/render';
import { ForwardForm } from './ForwardForm';

afterEach(() => {
  cleanup();
  resetStores();
});

const settle = () => act(async () => new Promise((r) => setTimeout(r, 400)));
const type = (label: RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** The engine's answer to a save: the validated spec, Stopped or Starting as asked. */
function saved(forward: Record<string, unknown>, start: boolean | undefined) {
  const v = validateForwardSpec(forward, { knownContexts: ['dev'] });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return {
    forward: ForwardStatusSchema.parse({
      spec: v.spec,
      state: start ? 'Starting' : 'Stopped',
      reason: null,
      problem: null,
      since: 0,
      localPort: null,
      pod: null,
      restarts: 0,
      lastProbeAt: null,
      traffic: { bytesIn: 0, bytesOut: 0, openConnections: 0, totalConnections: 0, heldConnections: 0 },
    }),
    warnings: [],
  };
}

function renderForm(id?: string, namespaces?: { namespaces: string[]; listed: boolean }) {
  useContextsStore.setState({ status: 'ready', list: contextList(['dev']), error: undefined });
  const e = fakeEngine({
    'forwards:save': ({ forward, start }) => saved(forward, start),
    'forwards:targets': () => ({
      targets: [],
      denied: [],
      truncated: [],
      status: loadedStatus('dev', 'services,deployments,pods'),
    }),
    ...(namespaces
      ? {
          'forwards:namespaces': () => ({
            ...namespaces,
            status: namespaces.listed
              ? loadedStatus('dev', 'namespaces')
              : loadedStatus('dev', 'namespaces', {
                  state: 'forbidden',
                  listedAt: null,
                  reason: 'may not list namespaces',
                }),
          }),
        }
      : {}),
  });
  render(
    <ClientProvider client={e.client}>
      <ForwardForm id={id} />
    </ClientProvider>,
  );
  return e;
}
const saves = (e: ReturnType<typeof fakeEngine>) => e.calls.filter((c) => c.channel === 'forwards:save');

describe('adding a forward works the first time', () => {
  it('namespace "default" with no pods seen and namespaces not listable: saves, and starts (Start now is ticked)', async () => {
    const e = renderForm(undefined, { namespaces: [], listed: false });
    type(/^Name$/, 'web');
    type(/^Target/, 'svc/web');
    type(/^Remote port/, '80');
    expect((screen.getByLabelText(/^Namespace/) as HTMLInputElement).value).toBe('default');
    expect((screen.getByLabelText('Start now') as HTMLInputElement).checked).toBe(true);
    await settle();
    expect(screen.getByTestId('fw-namespaces-note').textContent).toBe('May not list namespaces — type it.');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(saves(e).map((c) => c.payload)).toEqual([
      {
        forward: expect.objectContaining({ namespace: 'default', target: 'svc/web', remotePort: 80 }),
        start: true,
      },
    ]);
  });

  it('a monitored cluster whose pods are all elsewhere: "default" gets a warning, and still saves', async () => {
    useClustersStore.setState({ monitored: ['dev'] });
    useContextsStore.setState({ status: 'ready', list: contextList(['dev']), error: undefined });
    const e = fakeEngine({
      'forwards:save': ({ forward, start }) => saved(forward, start),
      'clusters:pods': () => ({
        total: 1,
        items: [pod('kube-system', 'coredns-1')],
        status: loadedStatus('dev', 'pods'),
      }),
    });
    render(
      <ClientProvider client={e.client}>
        <ForwardForm id={undefined} />
      </ClientProvider>,
    );
    type(/^Name$/, 'web');
    type(/^Target/, 'svc/web');
    type(/^Remote port/, '80');
    await settle();
    expect(screen.getByText('No pods seen in default yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(saves(e)).toHaveLength(1);
  });

  it('unticking Start now saves it stopped', async () => {
    const e = renderForm();
    type(/^Name$/, 'web');
    type(/^Target/, 'svc/web');
    type(/^Remote port/, '80');
    fireEvent.click(screen.getByLabelText('Start now'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(saves(e)[0]!.payload).toMatchObject({ start: false });
  });

  it('a namespace the cluster does not list is a warning under the field, never a block', async () => {
    const e = renderForm(undefined, { namespaces: ['default', 'shop'], listed: true });
    type(/^Name$/, 'web');
    type(/^Namespace/, 'gitops-later');
    type(/^Target/, 'svc/web');
    type(/^Remote port/, '80');
    await settle();
    expect(
      screen.getByText('No namespace "gitops-later" in dev yet: the forward will wait for it.'),
    ).toBeTruthy();
    expect(
      [...document.querySelectorAll('#fw-namespaces option')].map((o) => o.getAttribute('value')),
    ).toEqual(['default', 'shop']);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(saves(e)).toHaveLength(1);
  });

  it('an empty remote port says "Remote port is required"; errors go once their field is fixed', async () => {
    const e = renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.getByText('Remote port is required')).toBeTruthy();
    expect(screen.getByText('Name is required')).toBeTruthy();
    type(/^Name$/, 'shop-echo');
    expect(screen.queryByText('Name is required')).toBeNull();
    expect(screen.getByText('Remote port is required')).toBeTruthy();
    type(/^Remote port/, '7000');
    expect(screen.queryByText('Remote port is required')).toBeNull();
    expect(saves(e)).toHaveLength(0);
  });

  it('editing keeps the running state: no start flag is sent, and there is no Start now box', async () => {
    const existing = saved({ name: 'web', context: 'dev', target: 'svc/web', remotePort: 80 }, true).forward;
    applyForwards([[existing.spec.id, existing]]);
    const e = renderForm(existing.spec.id);
    expect(screen.queryByLabelText('Start now')).toBeNull();
    type(/^Remote port/, '81');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(saves(e)[0]!.payload).not.toHaveProperty('start');
  });
});
