import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ForwardStatusSchema, type ForwardStatus } from '../../../shared/contract';
import { ForwardDraftSchema } from '../../../shared/domain/forward';
import { ClientProvider } from '../../client/ClientContext';
import { bindForwards, resetForwardsStore } from '../../stores/forwardsStore';
import { fakeEngine } from '../../testing/fakeEngine';
import { ForwardsSection } from './ForwardsSection';
import { retryHint } from '../../../shared/logic/forwards/words';

afterEach(() => {
  cleanup();
  resetForwardsStore();
});

function status(patch: Partial<ForwardStatus>): ForwardStatus {
  const spec = ForwardDraftSchema.parse({
    id: 'web',
    name: 'web',
    context: 'dev',
    target: 'svc/web',
    remotePort: 80,
  });
  return ForwardStatusSchema.parse({
    spec,
    state: 'Reconnecting',
    reason: null,
    problem: null,
    since: 0,
    localPort: 18080,
    pod: null,
    restarts: 0,
    lastProbeAt: null,
    traffic: { bytesIn: 0, bytesOut: 0, openConnections: 0, totalConnections: 0, heldConnections: 0 },
    ...patch,
  });
}

describe('a troubled forward says when it tries again', () => {
  it('in words: the attempt of the policy, a wait, a missing Service to edit, a forward that gave up', () => {
    const now = 1_000_000;
    expect(retryHint(status({ problem: 'tunnel-dead', attempt: 4, nextRetryAt: now + 15_200 }), now)).toBe(
      'retry 4 of 5 in 16 s',
    );
    expect(retryHint(status({ problem: 'no-ready-pod', nextRetryAt: now + 5_000 }), now)).toBe(
      'retry in 5 s',
    );
    expect(retryHint(status({ problem: 'cluster-down', nextRetryAt: now + 600_000 }), now)).toBe(
      'retry in 10 min',
    );
    expect(
      retryHint(status({ state: 'Failed', problem: 'target-missing', nextRetryAt: now + 8_000 }), now),
    ).toBe('Edit to fix it · looking again in 8 s');
    expect(retryHint(status({ state: 'Failed', problem: 'tunnel-dead', nextRetryAt: null }), now)).toBe('');
    expect(retryHint(status({ state: 'Active' }), now)).toBeNull();
    expect(retryHint(status({ state: 'Stopped', localPort: null }), now)).toBeNull();
  });

  it('the row shows the countdown and "Retry now", which asks the engine', async () => {
    let now = [status({ problem: 'tunnel-dead', attempt: 2, nextRetryAt: Date.now() + 16_000 })];
    const e = fakeEngine({
      'forwards:list': () => ({ forwards: now }),
      'forwards:samples': () => ({ samples: [] }),
      'forwards:retry': () => {
        now = [status({ state: 'Active', localPort: 18080 })];
        return now[0]!;
      },
    });
    const off = bindForwards(e.client);
    render(
      <ClientProvider client={e.client}>
        <ForwardsSection />
      </ClientProvider>,
    );
    await act(async () => new Promise((r) => setTimeout(r, 80)));
    expect(screen.getByTestId('forward-retry').textContent).toMatch(/^retry 2 of 5 in 1[56] s · Retry now$/);
    fireEvent.click(screen.getByRole('button', { name: 'Retry now: web' }));
    await act(async () => new Promise((r) => setTimeout(r, 80)));
    expect(e.calls.filter((c) => c.channel === 'forwards:retry').map((c) => c.payload)).toEqual([
      { id: 'web' },
    ]);
    expect(screen.queryByTestId('forward-retry')).toBeNull();
    off();
  });
});
