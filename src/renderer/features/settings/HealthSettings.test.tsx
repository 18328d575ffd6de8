import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, type HealthSettingsView } from '../../../shared/contract';
import { DEFAULT_HEALTH_CONFIG } from '../../../shared/domain/healthConfig';
import { mergeHealthConfig } from '../../../shared/logic/health/config';
import { ClientProvider } from '../../client/ClientContext';
import { resetClustersStore, useClustersStore } from '../../stores/clustersStore';
import { fakeEngine } from '../../testing/fakeEngine';
import { HealthSettings } from './HealthSettings';

afterEach(() => {
  cleanup();
  resetClustersStore();
});

const settle = () => act(async () => new Promise((r) => setTimeout(r, 10)));

/** An engine that keeps overrides per context and refuses a probe interval under 5 s, as the real one does. */
function healthEngine() {
  const overrides: Record<string, HealthSettingsView['overrides']> = { ops: { namespaces: ['payments'] } };
  const view = (context: string): HealthSettingsView => ({
    context,
    overrides: overrides[context] ?? {},
    defaults: DEFAULT_HEALTH_CONFIG,
    effective: mergeHealthConfig(DEFAULT_HEALTH_CONFIG, overrides[context]),
  });
  return fakeEngine({
    'health:settings': ({ context }) => view(context),
    'health:update': ({ context, overrides: next }) => {
      if (typeof next?.probeInterval === 'number' && next.probeInterval < 5) {
        const msg = `probeInterval must be between 5 and 600 seconds (got ${next.probeInterval})`;
        throw new ContractError('bad-request', `Health settings not saved: ${msg}`, [
          { path: 'probeInterval', message: msg },
        ]);
      }
      if (next === null) delete overrides[context];
      else overrides[context] = next as HealthSettingsView['overrides'];
      return view(context);
    },
  });
}

function show(e: ReturnType<typeof healthEngine>) {
  render(
    <ClientProvider client={e.client}>
      <HealthSettings />
    </ClientProvider>,
  );
}

const probeInput = () => screen.getByLabelText(/Probe every/) as HTMLInputElement;

describe('per-cluster health settings', () => {
  it('shows the engine’s field error inline, then saves a good value and resets to defaults', async () => {
    useClustersStore.setState({ monitored: ['dev', 'ops'] });
    const e = healthEngine();
    show(e);
    await settle();
    fireEvent.change(screen.getByLabelText('Cluster'), { target: { value: 'ops' } });
    await settle();
    expect(probeInput().value).toBe('30');

    fireEvent.change(probeInput(), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    // The engine names the key; the form says it in its label's words.
    expect(screen.getByRole('alert').textContent).toBe(
      'Probe every (s) must be between 5 and 600 seconds (got 1)',
    );
    expect(probeInput().getAttribute('aria-invalid')).toBe('true');
    expect(probeInput().value).toBe('1');

    fireEvent.change(probeInput(), { target: { value: '10' } });
    fireEvent.click(screen.getByLabelText(/Node status/));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    // Only what differs from the defaults is sent, and settings the form does not show are kept.
    expect(e.calls.at(-1)).toEqual({
      channel: 'health:update',
      payload: {
        context: 'ops',
        overrides: { namespaces: ['payments'], probeInterval: 10, checks: { nodeStatus: false } },
      },
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Saved');
    expect(probeInput().value).toBe('10');

    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    await settle();
    expect(e.calls.at(-1)).toEqual({
      channel: 'health:update',
      payload: { context: 'ops', overrides: null },
    });
    expect(probeInput().value).toBe('30');
    expect((screen.getByLabelText(/Node status/) as HTMLInputElement).checked).toBe(true);
  });

  it('namespaces to watch: typed, saved as a list, a bad name refused next to the field', async () => {
    useClustersStore.setState({ monitored: ['dev'] });
    const saved: HealthSettingsView['overrides'][] = [];
    const view = (overrides: HealthSettingsView['overrides']): HealthSettingsView => ({
      context: 'dev',
      overrides,
      defaults: DEFAULT_HEALTH_CONFIG,
      effective: mergeHealthConfig(DEFAULT_HEALTH_CONFIG, overrides),
    });
    const e = fakeEngine({
      'health:settings': () => view({}),
      'health:update': ({ overrides }) => {
        const names = (overrides?.watchNamespaces ?? []) as string[];
        const bad = names.findIndex((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n));
        if (bad >= 0) {
          const msg = `watchNamespaces[${bad}] must be a namespace name (got "${names[bad]}")`;
          throw new ContractError('bad-request', `Health settings not saved: ${msg}`, [
            { path: `watchNamespaces.${bad}`, message: msg },
          ]);
        }
        saved.push(overrides as HealthSettingsView['overrides']);
        return view(overrides as HealthSettingsView['overrides']);
      },
    });
    show(e);
    await settle();
    const field = () => screen.getByLabelText('Namespaces to watch') as HTMLInputElement;
    fireEvent.change(field(), { target: { value: 'payments, Web' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(
      'Namespaces to watch[1] must be a namespace name (got "Web")',
    );
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(saved).toEqual([]);
    fireEvent.change(field(), { target: { value: 'payments, web' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(saved).toEqual([{ watchNamespaces: ['payments', 'web'] }]);
    expect(field().value).toBe('payments, web');
  });

  it('says what to do when no cluster is monitored', async () => {
    const e = healthEngine();
    show(e);
    await settle();
    expect(screen.getByText(/Monitor a cluster/)).toBeTruthy();
    expect(e.calls).toEqual([]);
  });
});
