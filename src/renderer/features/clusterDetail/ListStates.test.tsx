// Pods and Events say which state their list is in: "No pods" only after a list that loaded,
// a refused or rejected list says why with the kubectl command, a list kept from before an
// outage carries the stale bar, and the cluster row says the outage in words.
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListStatus } from '../../../shared/contract';
import type { ClusterSummary } from '../../../shared/domain/health';
import { contextList } from '../../testing/contexts';
import { fakeEngine, pod, summary } from '../../testing/fakeEngine';
import { fakeScrollBoxes } from '../../testing/layout';
import { loadedStatus } from '../../testing/listStatus';
import { renderApp } from '../../testing/render';

fakeScrollBoxes();
afterEach(cleanup);

function engine(s: ClusterSummary, pods: ListStatus, events: ListStatus, items = [pod('web', 'web-1')]) {
  return fakeEngine({
    'contexts:list': () => contextList(['dev']),
    'clusters:list': () => ({ clusters: [s], monitored: ['dev'], problems: [] }),
    'clusters:history': () => ({ samples: [] }),
    'clusters:pods': () => ({
      total: pods.stale ? items.length : 0,
      items: pods.stale ? items : [],
      status: pods,
    }),
    'clusters:events': () => ({ items: [], status: events }),
  });
}

async function open(state: string) {
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^dev: ${state}`) }));
}

describe('list states', () => {
  it('a 401: Pods and Events say the credentials were rejected, never "No pods" or "Nothing happened"', async () => {
    const reason = 'credentials rejected (401): log in again or refresh your token';
    const rejected = (resource: string) =>
      loadedStatus('dev', resource, {
        state: 'unauthorized',
        listedAt: null,
        reason,
        kubectlError: 'error: You must be logged in to the server (Unauthorized)',
      });
    const r = renderApp(
      engine(
        summary('dev', { state: 'Unhealthy', connectivity: 'credentials-rejected' }),
        rejected('pods'),
        rejected('events'),
      ),
    );
    await open('Unhealthy');
    const problem = await screen.findByTestId('list-problem');
    expect(problem.dataset.state).toBe('unauthorized');
    expect(problem.textContent).toContain('Credentials rejected');
    expect(problem.textContent).toContain(reason);
    expect(problem.textContent).toContain('kubectl get pods -A --context dev');
    expect(screen.queryByText('No pods')).toBeNull();
    expect(screen.getByText(/credentials rejected/, { selector: '.detail-meta' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('credentials-rejected');

    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    const events = await screen.findByTestId('list-problem');
    expect(events.textContent).toContain('kubectl get events -A --context dev');
    expect(screen.queryByText(/Nothing happened/)).toBeNull();
    r.unbind();
  });

  it('a 403 at cluster scope: "Not allowed to list pods" with the reason; the state is not Healthy', async () => {
    const forbidden = (resource: string) =>
      loadedStatus('dev', resource, {
        state: 'forbidden',
        listedAt: null,
        reason: `no permission to list ${resource}`,
      });
    const limited = summary('dev', {
      state: 'Unknown',
      connectivity: 'forbidden-partially',
      reasons: [
        {
          code: 'limited-access',
          severity: 'info',
          message: 'limited access: may not list pods, nodes, events',
        },
      ],
      pods: null,
      nodes: null,
    });
    const r = renderApp(engine(limited, forbidden('pods'), forbidden('events')));
    await open('Unknown');
    const problem = await screen.findByTestId('list-problem');
    expect(problem.dataset.state).toBe('forbidden');
    expect(problem.textContent).toContain('Not allowed to list pods');
    expect(problem.textContent).toContain('no permission to list pods');
    expect(screen.getByText(/limited access/, { selector: '.detail-meta' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('forbidden-partially');
    r.unbind();
  });

  it('an empty list that loaded is "No pods"', async () => {
    const r = renderApp(engine(summary('dev'), loadedStatus('dev', 'pods'), loadedStatus('dev', 'events')));
    await open('Healthy');
    expect(await screen.findByText('No pods')).toBeTruthy();
    r.unbind();
  });

  it('during an outage: the kept list, under a bar that says from when and why', async () => {
    const listedAt = new Date(2026, 11, 6, 8, 12).getTime();
    const since = new Date(2026, 11, 6, 8, 15).getTime();
    const stale = loadedStatus('dev', 'pods', {
      state: 'unreachable',
      stale: true,
      listedAt,
      since,
      reason: 'connection refused: is the cluster stopped?',
    });
    const down = summary('dev', {
      state: 'Unhealthy',
      connectivity: 'unreachable',
      latencyMs: null,
      reasons: [
        {
          code: 'api-unreachable',
          severity: 'critical',
          message: 'API unreachable for 3 checks',
          detail: 'connection refused: is the cluster stopped?',
          since,
        },
      ],
    });
    const r = renderApp(engine(down, stale, { ...stale, kubectl: 'kubectl get events -A --context dev' }));
    const row = await screen.findByRole('button', { name: /^dev: Unhealthy/ });
    expect(row.textContent).toMatch(
      /Unreachable since .*08:15.* — connection refused: is the cluster stopped\?/,
    );
    await open('Unhealthy');
    const bar = await screen.findByTestId('stale-bar');
    expect(bar.textContent).toMatch(
      /^Showing data from .*08:12.* — API unreachable since .*08:15.* \(connection refused: is the cluster stopped\?\)$/,
    );
    expect(within(screen.getByRole('list', { name: 'Pods' })).getAllByTestId('pod-row')).toHaveLength(1);
    r.unbind();
  });

  it('a capped events list says so instead of "nothing happened"', async () => {
    const capped = loadedStatus('dev', 'events', { truncated: true, keptLimit: 500 });
    const r = renderApp(engine(summary('dev'), loadedStatus('dev', 'pods'), capped));
    await open('Healthy');
    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    expect(await screen.findByText('No recent events')).toBeTruthy();
    expect(
      screen.getAllByText(/Older Normal events are not kept \(the newest 500 are\)/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/Nothing happened/)).toBeNull();
    r.unbind();
  });
});

describe('history across an outage', () => {
  it('says when the API did not answer, and the charts are drawn (not as zeros)', async () => {
    const t0 = new Date(2026, 11, 6, 8, 0).getTime();
    const samples = Array.from({ length: 20 }, (_, i) => {
      const down = i >= 8 && i < 12;
      return {
        t: t0 + i * 60_000,
        latencyMs: down ? null : 4,
        podsReady: down ? null : 6,
        podsTotal: down ? null : 6,
        restarts: down ? null : 1,
        warningsPerMin: down ? null : 0,
      };
    });
    const e = engine(summary('dev'), loadedStatus('dev', 'pods'), loadedStatus('dev', 'events'));
    e.handlers['clusters:history'] = () => ({ samples });
    const r = renderApp(e);
    await open('Healthy');
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    // The charts library loads lazily: slow on a busy machine.
    const note = await screen.findByTestId('history-outages', {}, { timeout: 20_000 });
    expect(note.textContent).toMatch(
      /^No answer from .*08:08.* to .*08:12.*: shaded, and not counted as zero\.$/,
    );
    expect(within(screen.getByTestId('history')).getAllByRole('figure')).toHaveLength(4);
    r.unbind();
  }, 30_000);
});
