import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ForwardStatusSchema, type ForwardStatus } from '../../../shared/contract';
import { ForwardDraftSchema } from '../../../shared/domain/forward';
import { ClientProvider } from '../../client/ClientContext';
import { bindForwards, resetForwardsStore } from '../../stores/forwardsStore';
import { fakeEngine } from '../../testing/fakeEngine';
import { ForwardsSection } from './ForwardsSection';

afterEach(() => {
  cleanup();
  resetForwardsStore();
});

const settle = () => act(async () => new Promise((r) => setTimeout(r, 80)));

function status(
  id: string,
  state: ForwardStatus['state'],
  patch: Partial<ForwardStatus> = {},
): ForwardStatus {
  const spec = ForwardDraftSchema.parse({
    id,
    name: id,
    context: 'dev',
    target: `svc/${id}`,
    remotePort: 80,
  });
  return ForwardStatusSchema.parse({
    spec,
    state,
    reason: null,
    problem: null,
    since: Date.now(),
    localPort: state === 'Stopped' ? null : 18080,
    pod: null,
    restarts: 0,
    lastProbeAt: null,
    traffic: { bytesIn: 0, bytesOut: 0, openConnections: 0, totalConnections: 0, heldConnections: 0 },
    ...patch,
  });
}

function renderSection(forwards: ForwardStatus[]) {
  let now = forwards;
  const e = fakeEngine({
    'forwards:list': () => ({ forwards: now }),
    'forwards:samples': () => ({ samples: [] }),
    'forwards:startAll': () => {
      now = now.map((f) => status(f.spec.id, 'Active'));
      return { forwards: now, errors: [] };
    },
    'forwards:stopAll': () => {
      now = now.map((f) => status(f.spec.id, 'Stopped'));
      return { forwards: now };
    },
  });
  const off = bindForwards(e.client);
  render(
    <ClientProvider client={e.client}>
      <ForwardsSection />
    </ClientProvider>,
  );
  return { e, off };
}

const states = () => screen.getAllByTestId('forward-row').map((r) => r.dataset.state);

describe('the Forwards section', () => {
  it('rows say their state in words, with the reason beside a failure', async () => {
    const { off } = renderSection([
      status('web', 'Active'),
      status('db', 'Reconnecting', {
        reason: 'waiting for cluster',
        problem: 'cluster-down',
        localPort: 18081,
      }),
    ]);
    await settle();
    const [web, db] = screen.getAllByTestId('forward-row');
    expect(web!.querySelector('.state')!.textContent).toBe('Active');
    expect(db!.textContent).toContain('Reconnecting');
    expect(db!.textContent).toContain('waiting for cluster');
    expect(screen.getByRole('button', { name: 'Copy 127.0.0.1:18080' })).toBeTruthy();
    off();
  });

  it('an Active row shows its last refused connection; a row without one shows none', async () => {
    const { off } = renderSection([
      status('web', 'Active', {
        lastConnectionError: {
          message: 'dial tcp 127.0.0.1:7000: connect: connection refused',
          at: Date.now() - 5_000,
        },
      }),
      status('db', 'Active', { localPort: 18081 }),
    ]);
    await settle();
    const [web, db] = screen.getAllByTestId('forward-row');
    expect(web!.querySelector('[data-testid="forward-connection-error"]')!.textContent).toMatch(
      /^Last connection failed [4-6] s ago: dial tcp 127\.0\.0\.1:7000: connect: connection refused$/,
    );
    expect(db!.querySelector('[data-testid="forward-connection-error"]')).toBeNull();
    off();
  });

  it('a row on a fallback protocol says "(fallback)", the refusals in its title; one on the best protocol does not', async () => {
    const { off } = renderSection([
      status('web', 'Active', {
        protocol: 'spdy',
        protocolNote: 'SPDY over WebSocket: cannot get resource "pods/portforward" (403)',
      }),
      status('db', 'Active', { localPort: 18081, protocol: 'spdy-websocket', protocolNote: null }),
    ]);
    await settle();
    const [web, db] = screen.getAllByTestId('forward-row');
    const via = web!.querySelector<HTMLElement>('[data-testid="forward-via"]')!;
    expect(via.textContent).toBe('SPDY (fallback)');
    expect(via.title).toMatch(/Better protocols refused — SPDY over WebSocket: cannot get resource/);
    expect(db!.querySelector('[data-testid="forward-via"]')!.textContent).toBe('SPDY/WS');
    off();
  });

  it('Start all and Stop all go through the contract and update every row', async () => {
    const { e, off } = renderSection([status('web', 'Stopped'), status('db', 'Stopped')]);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Start all' }));
    await settle();
    expect(e.calls.some((c) => c.channel === 'forwards:startAll')).toBe(true);
    expect(states()).toEqual(['Active', 'Active']);
    fireEvent.click(screen.getByRole('button', { name: 'Stop all' }));
    await settle();
    expect(states()).toEqual(['Stopped', 'Stopped']);
    off();
  });

  it('no forwards: a designed empty state, not a blank', async () => {
    const { off } = renderSection([]);
    await settle();
    expect(screen.getByText('No port-forwards yet')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Start all' })).toBeNull();
    off();
  });
});
