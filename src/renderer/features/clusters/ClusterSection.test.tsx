import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterList } from '../../../shared/contract';
import { contextList } from '../../testing/contexts';
import { fakeEngine, summary } from '../../testing/fakeEngine';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const row = (name: string) => document.querySelector<HTMLElement>(`[data-context="${name}"]`)!;

function engineWith(list: ClusterList, contexts = contextList(['dev', 'ops', 'lab'])) {
  const e = fakeEngine({
    'contexts:list': () => contexts,
    'clusters:list': () => list,
    'clusters:history': () => ({ samples: [] }),
  });
  return e;
}

describe('the Clusters section', () => {
  it('shows a loading state, not a blank, before the engine answers', () => {
    const e = fakeEngine({
      'contexts:list': () => new Promise(() => {}),
      'clusters:list': () => new Promise(() => {}),
    });
    const r = renderApp(e);
    expect(screen.getByText(/Reading kubeconfig/).getAttribute('role')).toBe('status');
    r.unbind();
  });

  it('a healthy and a degraded cluster: dot colour and the state in words, top reason, counts, last check', async () => {
    const e = engineWith({
      clusters: [
        summary('dev'),
        summary('ops', {
          state: 'Degraded',
          reasons: [
            { code: 'pods-crash-looping', severity: 'warning', message: 'pod crashy in CrashLoopBackOff' },
          ],
          nodes: { total: 3, ready: 2, notReady: 1, pressure: 0 },
          lastCheckAt: Date.now() - 12_000,
        }),
      ],
      monitored: ['dev', 'ops'],
      problems: [],
    });
    const r = renderApp(e);
    await waitFor(() => expect(row('ops').dataset.state).toBe('Degraded'));
    expect(row('dev').querySelector('.state')!.className).toContain('state-healthy');
    expect(row('dev').textContent).toContain('Healthy');
    expect(row('dev').textContent).toContain('All checks pass');
    expect(row('dev').textContent).toContain('current');
    expect(row('ops').querySelector('.state')!.className).toContain('state-degraded');
    expect(row('ops').textContent).toContain('Degraded');
    expect(row('ops').textContent).toContain('pod crashy in CrashLoopBackOff');
    expect(row('ops').textContent).toMatch(/checked 1[23] s ago · 2\/3 nodes · 10\/10 pods/);
    // not monitored: says so in words, with a switch to turn it on
    expect(row('lab').textContent).toContain('Not monitored');
    expect(within(row('lab')).getByRole('switch', { name: 'Monitor lab' }).getAttribute('aria-checked')).toBe(
      'false',
    );
    expect(screen.getByRole('status', { name: 'Overall state' }).textContent).toContain('1 degraded');
    r.unbind();
  });

  it('the switch asks the engine and shows its answer', async () => {
    let monitored = ['dev'];
    const e = fakeEngine({
      'contexts:list': () => contextList(['dev', 'ops']),
      'clusters:list': () => ({ clusters: [summary('dev')], monitored, problems: [] }),
      'clusters:history': () => ({ samples: [] }),
      'clusters:monitor': ({ context, enabled }) => {
        monitored = enabled ? [...monitored, context] : monitored.filter((m) => m !== context);
        return { clusters: [summary('dev')], monitored, problems: [] };
      },
    });
    const r = renderApp(e);
    const sw = await screen.findByRole('switch', { name: 'Monitor ops' });
    fireEvent.click(sw);
    await waitFor(() => expect(sw.getAttribute('aria-checked')).toBe('true'));
    expect(e.calls.some((c) => c.channel === 'clusters:monitor')).toBe(true);
    // monitored, no verdict yet
    expect(row('ops').textContent).toContain('Unknown');
    act(() =>
      e.emit(
        'clusters:changed',
        summary('ops', {
          state: 'Unhealthy',
          connectivity: 'unreachable',
          reasons: [
            { code: 'api-unreachable', severity: 'critical', message: 'API unreachable: connection refused' },
          ],
        }),
      ),
    );
    await waitFor(() => expect(row('ops').dataset.state).toBe('Unhealthy'));
    expect(row('ops').textContent).toContain('API unreachable: connection refused');
    r.unbind();
  });

  it('names a broken kubeconfig file and a context problem next to the row', async () => {
    const contexts = contextList(['dev', 'ops'], {
      problems: [{ file: '/home/me/.kube/broken', message: 'not valid YAML: bad indentation' }],
    });
    contexts.contexts[1]!.problems = ['cluster "x" is not defined in any kubeconfig file'];
    const r = renderApp(engineWith({ clusters: [], monitored: [], problems: [] }, contexts));
    const alert = await screen.findByRole('list', { name: 'Kubeconfig problems' });
    expect(alert.textContent).toContain('/home/me/.kube/broken: not valid YAML');
    expect(row('ops').textContent).toContain('is not defined');
    r.unbind();
  });

  it('says so when the engine cannot be reached', async () => {
    const e = fakeEngine({}); // every command: not-found
    const r = renderApp(e);
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent).join(' ')).toMatch(
      /Could not load contexts/,
    );
    r.unbind();
  });

  it('an empty kubeconfig is explained, not blank', async () => {
    const r = renderApp(engineWith({ clusters: [], monitored: [], problems: [] }, contextList([])));
    expect(await screen.findByText('No clusters found')).toBeTruthy();
    r.unbind();
  });
});
