import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract';
import { ClientProvider } from '../../client/ClientContext';
import { useContextsStore } from '../../stores/contextsStore';
import { contextList } from '../../testing/contexts';
import { fakeEngine } from '../../testing/fakeEngine';
import { loadedStatus } from '../../testing/listStatus';
import { resetStores } from '../../testing/render';
import { ForwardForm } from './ForwardForm';

afterEach(() => {
  cleanup();
  resetStores();
});

// Past the catalog's debounce, and the fake engine's answer.
const settle = () => act(async () => new Promise((r) => setTimeout(r, 400)));

function renderForm(targets: Parameters<typeof fakeEngine>[0]) {
  useContextsStore.setState({ status: 'ready', list: contextList(['dev']), error: undefined });
  const e = fakeEngine(targets);
  render(
    <ClientProvider client={e.client}>
      <ForwardForm id={undefined} />
    </ClientProvider>,
  );
  return e;
}

const loaded = loadedStatus('dev', 'services,deployments,pods');

const type = (label: RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the forward form offers targets and ports from the cluster', () => {
  it('suggests kind/name targets, then the picked target’s ports with named ones by name', async () => {
    const e = renderForm({
      'forwards:targets': ({ namespace }) => ({
        targets:
          namespace === 'shop'
            ? [
                {
                  kind: 'service',
                  name: 'web',
                  ports: [{ port: 80, name: 'http', protocol: 'TCP' }, { port: 9000 }],
                },
                { kind: 'deployment', name: 'api', ports: [{ port: 8080, name: 'api' }] },
                { kind: 'pod', name: 'api-7d9-x2', ports: [{ port: 8080, name: 'api' }] },
              ]
            : [],
        denied: [],
        truncated: [],
        status: loaded,
      }),
    });
    type(/^Namespace/, 'shop');
    await settle();
    expect(e.calls.filter((c) => c.channel === 'forwards:targets').map((c) => c.payload)).toEqual([
      { context: 'dev', namespace: 'shop' },
    ]);
    const suggestions = [...document.querySelectorAll('#fw-targets option')].map((o) =>
      o.getAttribute('value'),
    );
    expect(suggestions).toEqual(['svc/web', 'deploy/api', 'pod/api-7d9-x2']);

    // Any kubectl alias names the same target.
    type(/^Target/, 'service/web');
    const group = screen.getByRole('group', { name: 'Ports of svc/web' });
    const choices = within(group).getAllByRole('button');
    expect(choices.map((b) => b.textContent)).toEqual(['http (80)', '9000']);
    const listed = [...document.querySelectorAll('#fw-ports option')].map((o) => [
      o.getAttribute('value'),
      o.getAttribute('label'),
    ]);
    expect(listed).toEqual([
      ['http', 'http (80)'],
      ['9000', '9000'],
    ]);

    fireEvent.click(within(group).getByRole('button', { name: 'http (80)' }));
    expect((screen.getByLabelText(/^Remote port/) as HTMLInputElement).value).toBe('http');
    expect(within(group).getByRole('button', { name: 'http (80)' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    type(/^Target/, 'deploy/api');
    expect(
      within(screen.getByRole('group', { name: 'Ports of deploy/api' }))
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['api (8080)']);
  });

  it('kinds the user may not list are said, not silently missing; a failed catalog says why', async () => {
    renderForm({
      'forwards:targets': ({ namespace }) => {
        if (namespace === 'gone')
          throw new ContractError('conflict', 'Cannot list targets in dev/gone: boom');
        return {
          targets: [{ kind: 'pod', name: 'p1', ports: [] }],
          denied: ['service', 'deployment'],
          truncated: [],
          status: loaded,
        };
      },
    });
    type(/^Namespace/, 'locked');
    await settle();
    expect(screen.getByTestId('fw-catalog-note').textContent).toBe(
      'Not allowed to list services, deployments here.',
    );
    type(/^Target/, 'pod/p1');
    expect(screen.queryByRole('group', { name: /^Ports of/ })).toBeNull();
    type(/^Namespace/, 'gone');
    await settle();
    expect(screen.getByTestId('fw-catalog-note').textContent).toContain('boom');
  });

  it('empty suggestions say why: namespaces refused, targets refused, credentials rejected, nothing there', async () => {
    const refused = (what: string, reason: string) =>
      loadedStatus('dev', what, { state: 'forbidden', listedAt: null, reason });
    renderForm({
      'forwards:namespaces': () => ({
        namespaces: [],
        listed: false,
        status: refused('namespaces', 'may not list namespaces'),
      }),
      'forwards:targets': ({ namespace }) => ({
        targets: [],
        denied: namespace === 'locked' ? ['service', 'deployment', 'pod'] : [],
        truncated: [],
        status:
          namespace === 'locked'
            ? refused('services,deployments,pods', 'may not list services, deployments, pods in locked')
            : namespace === 'expired'
              ? loadedStatus('dev', 'services', {
                  state: 'unauthorized',
                  listedAt: null,
                  reason: 'credentials rejected (401): the token has expired',
                })
              : loaded,
      }),
    });
    // Picking the context asks for its namespaces: refused, so the note says to type one.
    fireEvent.change(screen.getByLabelText('Cluster context'), { target: { value: 'dev' } });
    await settle();
    expect(screen.getByTestId('fw-namespaces-note').textContent).toBe('May not list namespaces — type it.');
    type(/^Namespace/, 'locked');
    await settle();
    expect(screen.getByTestId('fw-catalog-note').textContent).toBe(
      'May not list services, deployments, pods in locked — type the target.',
    );
    type(/^Namespace/, 'expired');
    await settle();
    expect(screen.getByTestId('fw-catalog-note').textContent).toBe(
      'No suggestions: credentials rejected (401): the token has expired — type the target.',
    );
    type(/^Namespace/, 'empty');
    await settle();
    expect(screen.getByTestId('fw-catalog-note').textContent).toBe(
      'Nothing to forward to in empty yet — type the target; the forward waits for it.',
    );
    // None of it blocks: the Save button stays enabled and no field is marked wrong.
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(false);
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
  });
});
