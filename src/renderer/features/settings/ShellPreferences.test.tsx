import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, type ShellSettingsView } from '../../../shared/contract';
import { ClientProvider } from '../../client/ClientContext';
import { resetClustersStore, useClustersStore } from '../../stores/clustersStore';
import { fakeEngine } from '../../testing/fakeEngine';
import { ShellPreferences } from './ShellPreferences';

afterEach(() => {
  cleanup();
  resetClustersStore();
});

const settle = () => act(async () => new Promise((r) => setTimeout(r, 10)));

function shellEngine() {
  let view: ShellSettingsView = {
    settings: {
      launchAtLogin: false,
      kubectlPath: null,
      mutedContexts: [],
      notifications: true,
      popoverPinned: false,
    },
    kubectl: {
      path: '/usr/local/bin/kubectl',
      problem: null,
      candidates: ['/usr/local/bin/kubectl', '/opt/homebrew/bin/kubectl'],
    },
    notes: [],
  };
  return fakeEngine({
    'shell:settings': () => view,
    'shell:update': (patch) => {
      if (patch.kubectlPath === '/nope')
        throw new ContractError('bad-request', 'kubectl path: /nope does not exist');
      view = { ...view, settings: { ...view.settings, ...patch } };
      return view;
    },
  });
}

describe('app preferences in Settings', () => {
  it('launch at login, per-cluster notifications and a bad kubectl path, all through the contract', async () => {
    useClustersStore.setState({ monitored: ['dev', 'ops'] });
    const e = shellEngine();
    render(
      <ClientProvider client={e.client}>
        <ShellPreferences />
      </ClientProvider>,
    );
    await settle();
    fireEvent.click(screen.getByLabelText('Launch at login'));
    await settle();
    expect((screen.getByLabelText('Launch at login') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText('ops'));
    await settle();
    expect(e.calls.at(-1)).toEqual({ channel: 'shell:update', payload: { mutedContexts: ['ops'] } });
    expect((screen.getByLabelText('ops') as HTMLInputElement).checked).toBe(false);
    fireEvent.change(screen.getByRole('combobox', { name: 'kubectl path' }), { target: { value: '/nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('/nope does not exist');
    expect(screen.getByText('In use: /usr/local/bin/kubectl')).toBeTruthy();
    // The kubectls the engine found are offered as the field's suggestions.
    const offered = [...document.querySelectorAll('#kubectl-candidates option')].map((o) =>
      o.getAttribute('value'),
    );
    expect(offered).toEqual(['/usr/local/bin/kubectl', '/opt/homebrew/bin/kubectl']);
  });

  it('headless Tether has no app preferences and says so, without an error', async () => {
    const e = fakeEngine({
      'shell:settings': () => {
        throw new ContractError('conflict', 'Only the menu-bar app has these preferences');
      },
    });
    render(
      <ClientProvider client={e.client}>
        <ShellPreferences />
      </ClientProvider>,
    );
    await settle();
    expect(screen.getByRole('note').textContent).toContain('Only the menu-bar app');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
