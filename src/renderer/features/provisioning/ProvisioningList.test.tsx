import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProvisioningContext } from '../../../shared/contract';
import type { ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import { fakeEngine } from '../../testing/fakeEngine';
import { bindProvisioning, useProvisioningStore } from '../../stores/provisioningStore';
import { ProvisioningList } from './ProvisioningList';

afterEach(() => {
  cleanup();
  useProvisioningStore.setState({ status: 'loading', error: undefined, contexts: [] });
});

function snapshot(name: string, patch: Partial<ProvisioningSnapshot> = {}): ProvisioningSnapshot {
  return {
    kind: 'ClusterDeployment',
    context: 'mgmt',
    namespace: 'kcm-system',
    name,
    apiVersion: 'k0rdent.mirantis.com/v1beta1',
    phase: 'Bootstrapping',
    progress: 45,
    summary: 'Control plane initializing',
    decidedBy: { source: 'condition', name: 'CAPIClusterSummary' },
    conditions: [],
    services: [],
    servicesTally: null,
    events: [],
    startedAt: new Date(Date.now() - 90_000).toISOString(),
    elapsedMs: 90_000,
    observedAt: new Date().toISOString(),
    timeoutWarning: false,
    timedOut: false,
    terminal: false,
    deleted: false,
    ...patch,
  };
}

const section = (
  items: ProvisioningSnapshot[],
  patch: Partial<ProvisioningContext> = {},
): ProvisioningContext => ({
  context: 'mgmt',
  available: true,
  apis: { clusterDeployments: 'k0rdent.mirantis.com/v1beta1' },
  connection: { state: 'ok', attempts: 0 },
  items,
  ...patch,
});

async function renderWith(contexts: ProvisioningContext[] | Promise<never>) {
  const e = fakeEngine({
    'provisioning:list': () => (contexts instanceof Promise ? contexts : { contexts }),
  });
  const stop = bindProvisioning(e.client, 60_000);
  render(<ProvisioningList />);
  await act(async () => new Promise((r) => setTimeout(r, 10)));
  return { e, stop };
}

describe('the Provisioning section', () => {
  it('says it is looking, not blank, before the engine answers', async () => {
    const { stop } = await renderWith(new Promise<never>(() => {}));
    expect(screen.getByRole('status').textContent).toMatch(/Looking for ClusterDeployments/);
    stop();
  });

  it('says why there is nothing when no cluster serves the CRDs', async () => {
    const { stop } = await renderWith([section([], { available: false, reason: 'no CRDs' })]);
    expect(screen.getByText('Nothing to provision here')).toBeTruthy();
    stop();
  });

  it('a card: stepper at the phase, % bar, elapsed, tally, timeout warning in words', async () => {
    const { stop } = await renderWith([
      section([
        snapshot('done', { phase: 'Ready', progress: 100, terminal: true }),
        snapshot('busy', {
          timeoutWarning: true,
          servicesTally: { ready: 1, total: 2, failed: 0, conflicts: 0 },
        }),
      ]),
    ]);
    const cards = screen.getAllByTestId('provisioning-card');
    // in progress first
    expect(cards.map((c) => c.dataset.name)).toEqual(['busy', 'done']);
    const busy = within(cards[0]!);
    expect(busy.getByTestId('provisioning-phase').textContent).toBe('Bootstrapping');
    const steps = busy.getByRole('list', { name: /Phases of/ }).querySelectorAll('li');
    expect([...steps].map((s) => s.dataset.step)).toEqual([
      'done',
      'done',
      'current',
      'todo',
      'todo',
      'todo',
    ]);
    expect(busy.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('45');
    expect(cards[0]!.textContent).toMatch(/45% · 1 min \d+ s · 1\/2 services/);
    expect(busy.getByRole('alert').textContent).toMatch(/time limit/);
    expect(within(cards[1]!).getByTestId('provisioning-phase').textContent).toBe('Ready');
    stop();
  });

  it('a ClusterDeployment and its CAPI Cluster are one card: the ClusterDeployment, the Cluster as detail', async () => {
    const { stop } = await renderWith([
      section([
        snapshot('prod', {
          kind: 'CAPICluster',
          phase: 'Provisioning',
          progress: 25,
          summary: 'Provisioning infrastructure',
        }),
        snapshot('prod', {
          phase: 'Failed',
          progress: 25,
          terminal: true,
          summary: 'the Credential aws is not ready',
        }),
      ]),
    ]);
    const cards = screen.getAllByTestId('provisioning-card');
    expect(cards).toHaveLength(1);
    expect(cards[0]!.dataset.kind).toBe('ClusterDeployment');
    expect(within(cards[0]!).getByTestId('provisioning-phase').textContent).toBe('Failed');
    // The cluster's name leads, not its namespace.
    expect(cards[0]!.querySelector('.cluster-name')!.textContent).toBe('prod');
    expect(within(cards[0]!).getByTestId('provisioning-source').textContent).toBe(
      'Cluster API Cluster: Provisioning 25% — Provisioning infrastructure',
    );
    stop();
  });
});
