import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventSummary, PodSummary } from '../../../shared/domain/health';
import { contextList } from '../../testing/contexts';
import { fakeEngine, pod, summary } from '../../testing/fakeEngine';
import { fakeScrollBoxes } from '../../testing/layout';
import { loadedStatus } from '../../testing/listStatus';
import { renderApp } from '../../testing/render';

fakeScrollBoxes();

afterEach(cleanup);

const NS = ['payments', 'search', 'web'];
function manyPods(n: number): PodSummary[] {
  const pods = Array.from({ length: n }, (_, i) =>
    pod(NS[i % 3]!, `app-${String(i).padStart(5, '0')}`, { node: `node-${i % 7}` }),
  );
  pods[4321] = pod('payments', 'crashy', {
    reason: 'CrashLoopBackOff',
    restarts: 7,
    ready: '0/1',
    containers: [
      {
        name: 'main',
        init: false,
        ready: false,
        restartCount: 7,
        state: 'waiting',
        reason: 'CrashLoopBackOff',
        message: 'back-off 5m0s restarting failed container',
        exitCode: null,
        lastState: {
          state: 'terminated',
          reason: 'Error',
          message: null,
          exitCode: 1,
          finishedAt: Date.now() - 30_000,
        },
      },
    ],
  });
  return pods;
}

const ev = (
  id: string,
  type: 'Normal' | 'Warning',
  reason: string,
  lastSeen: number,
  name = 'web-1',
): EventSummary => ({
  id,
  type,
  reason,
  message: `${reason} happened`,
  object: { kind: 'Pod', namespace: 'web', name },
  count: 3,
  firstSeen: lastSeen - 1000,
  lastSeen,
});

function engine(pods = manyPods(5000)) {
  const now = Date.now();
  return fakeEngine({
    'contexts:list': () => contextList(['dev']),
    'clusters:list': () => ({
      clusters: [
        summary('dev', {
          state: 'Degraded',
          reasons: [
            { code: 'pods-crash-looping', severity: 'warning', message: 'pod crashy in CrashLoopBackOff' },
          ],
        }),
      ],
      monitored: ['dev'],
      problems: [],
    }),
    'clusters:history': () => ({
      samples: Array.from({ length: 30 }, (_, i) => ({
        t: now - (30 - i) * 60_000,
        latencyMs: 10 + i,
        podsReady: 9,
        podsTotal: 10,
        restarts: i,
        warningsPerMin: i % 3,
      })),
    }),
    'clusters:pods': ({ offset, limit }) => ({
      total: pods.length,
      items: pods.slice(offset, offset + limit),
      status: loadedStatus('dev', 'pods'),
    }),
    'clusters:events': () => ({
      items: [
        ev('1', 'Normal', 'Pulled', now - 1000),
        ev('2', 'Warning', 'BackOff', now - 60_000, 'crashy'),
        ev('3', 'Normal', 'Started', now - 500),
      ],
      status: loadedStatus('dev', 'events'),
    }),
    'clusters:pod': ({ name }) => ({
      pod: pods.find((p) => p.name === name) ?? null,
      events: [ev('2', 'Warning', 'BackOff', now - 60_000, 'crashy')],
    }),
  });
}

async function openCluster() {
  fireEvent.click(await screen.findByRole('button', { name: /^dev: Degraded/ }));
  return screen.findByRole('list', { name: 'Pods' });
}

describe('cluster detail', () => {
  it('5,000 pods: only a screenful is in the DOM, problem pods first, filter narrows at once', async () => {
    const r = renderApp(engine());
    const list = await openCluster();
    const rows = within(list).getAllByTestId('pod-row');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]!.dataset.pod).toBe('crashy');
    expect(rows[0]!.textContent).toContain('CrashLoopBackOff');
    expect(rows[0]!.textContent).toContain('7 restarts');
    expect(screen.getByRole('status', { name: 'Pod count' }).textContent).toBe('5000 pods');

    fireEvent.change(screen.getByRole('searchbox', { name: /Filter pods/ }), {
      target: { value: 'app-004' },
    });
    expect(screen.getByRole('status', { name: 'Pod count' }).textContent).toBe('100 of 5000 pods');
    fireEvent.change(screen.getByRole('combobox', { name: 'Namespace' }), { target: { value: 'search' } });
    expect(screen.getByRole('status', { name: 'Pod count' }).textContent).toBe('34 of 5000 pods');
    fireEvent.change(screen.getByRole('searchbox', { name: /Filter pods/ }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Namespace' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'problems' } });
    expect(
      within(screen.getByRole('list', { name: 'Pods' }))
        .getAllByTestId('pod-row')
        .map((p) => p.dataset.pod),
    ).toEqual(['crashy']);
    fireEvent.change(screen.getByRole('searchbox', { name: /Filter pods/ }), {
      target: { value: 'nothing-like-this' },
    });
    expect(screen.getByText('No pods match')).toBeTruthy();
    r.unbind();
  });

  it('a pod: container state, last termination, restarts and its events', async () => {
    const r = renderApp(engine());
    const list = await openCluster();
    fireEvent.click(within(list).getAllByTestId('pod-row')[0]!);
    await screen.findByRole('heading', { name: 'crashy' });
    await waitFor(() => expect(screen.getByTestId('pod-restarts').textContent).toBe('7'));
    expect(screen.getByTestId('pod-status').textContent).toBe('CrashLoopBackOff');
    const container = screen.getByTestId('container');
    expect(container.textContent).toContain('waiting (CrashLoopBackOff), not ready');
    expect(container.textContent).toContain('Last: terminated (Error), exit code 1');
    expect(within(screen.getByRole('list', { name: 'Pod events' })).getByText('BackOff')).toBeTruthy();
    r.unbind();
  });

  it('events: warnings first, then newest; filter and warnings-only', async () => {
    const r = renderApp(engine());
    await openCluster();
    fireEvent.click(screen.getByRole('tab', { name: 'Events' }));
    const list = await screen.findByRole('list', { name: 'Events' });
    const reasons = () =>
      within(screen.getByRole('list', { name: 'Events' }))
        .getAllByTestId('event-row')
        .map((e) => e.querySelector('.event-reason')!.textContent);
    expect(reasons()).toEqual(['BackOff', 'Started', 'Pulled']);
    expect(list.textContent).toContain('Pod web/crashy');
    expect(list.textContent).toContain('×3');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Warnings only' }));
    expect(reasons()).toEqual(['BackOff']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Warnings only' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter events' }), {
      target: { value: 'pulled' },
    });
    expect(reasons()).toEqual(['Pulled']);
    r.unbind();
  });

  it('history: four charts over the samples', async () => {
    const r = renderApp(engine());
    await openCluster();
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    // The charts are a lazily loaded chunk: on a loaded machine it takes longer than
    // findBy's default second to arrive.
    const history = await screen.findByTestId('history', {}, { timeout: 20_000 });
    expect(
      within(history)
        .getAllByRole('figure')
        .map((f) => f.getAttribute('aria-label')),
    ).toEqual(['Probe latency', 'Pods', 'Restarts', 'Warnings per minute']);
    r.unbind();
  });

  it('a failing load is an error with a retry, and the retry recovers', async () => {
    const e = engine();
    const real = e.handlers['clusters:pods']!;
    let fail = true;
    e.handlers['clusters:pods'] = (req) => {
      if (fail) throw new Error('watch not synced');
      return real(req);
    };
    const r = renderApp(e);
    fireEvent.click(await screen.findByRole('button', { name: /^dev: Degraded/ }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not load pods/);
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Pods' })).toBeTruthy();
    r.unbind();
  });

  it('keyboard: arrows reach a cluster, Enter opens, / filters, arrows move in pods, Esc goes back to the same row', async () => {
    const r = renderApp(engine());
    const rowButton = await screen.findByRole('button', { name: /^dev: Degraded/ });
    act(() => (document.body as HTMLElement).focus());
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rowButton);
    fireEvent.click(rowButton); // Enter on a button is its click
    const list = await screen.findByRole('list', { name: 'Pods' });
    expect(document.activeElement?.getAttribute('role')).toBe('tab');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Events' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    await screen.findByRole('list', { name: 'Pods' });
    fireEvent.keyDown(window, { key: '/' });
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: /Filter pods/ }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' }); // from the filter into the results
    const first = within(screen.getByRole('list', { name: 'Pods' })).getAllByTestId('pod-row')[0]!;
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.index).toBe('1'));
    expect(list).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: /^dev: Degraded/ })),
    );
    r.unbind();
  });
});
