import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PodLogs } from '../../../shared/contract';
import type { PodSummary } from '../../../shared/domain/health';
import { navigationFor } from '../../../shared/logic/notify';
import { ForwardTransitions } from '../../../shared/logic/notify';
import { contextList } from '../../testing/contexts';
import { fakeEngine, pod, summary } from '../../testing/fakeEngine';
import { fakeScrollBoxes } from '../../testing/layout';
import { renderApp } from '../../testing/render';
import { bindUiNavigate } from '../../stores/uiNavigate';

fakeScrollBoxes();
afterEach(cleanup);

const crashy: PodSummary = pod('payments', 'api-1', {
  reason: 'CrashLoopBackOff',
  restarts: 4,
  ready: '1/2',
  containers: [
    {
      name: 'app',
      init: false,
      ready: false,
      restartCount: 4,
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      message: null,
      exitCode: null,
      lastState: { state: 'terminated', reason: 'Error', message: null, exitCode: 1, finishedAt: Date.now() },
    },
    {
      name: 'proxy',
      init: false,
      ready: true,
      restartCount: 0,
      state: 'running',
      reason: null,
      message: null,
      exitCode: null,
      lastState: null,
    },
  ],
});

type LogsReq = { context: string; namespace: string; name: string; container?: string; previous?: boolean };

/** An engine with one pod whose logs come from `answer`. */
function engine(answer: (req: LogsReq) => PodLogs) {
  return fakeEngine({
    'contexts:list': () => contextList(['dev']),
    'clusters:list': () => ({ clusters: [summary('dev')], monitored: ['dev'], problems: [] }),
    'clusters:pod': () => ({ pod: crashy, events: [] }),
    'clusters:podLogs': (req) => answer(req),
  });
}

const lines = (req: LogsReq, text: string): PodLogs => ({
  container: req.container ?? 'app',
  previous: req.previous ?? req.container === undefined,
  text,
  lines: text.split('\n').length,
  truncated: false,
  unavailable: null,
  command: `kubectl logs ${req.previous === false ? '' : '-p '}api-1 -n payments --context dev -c app --tail=50`,
});

/** Opens the pod's detail the way a notification click does: a ui:navigate to the pod view. */
async function openPodFromNotification(e: ReturnType<typeof engine>) {
  const n = new ForwardTransitions().next('f1', {
    spec: { id: 'f1', name: 'api', context: 'dev', namespace: 'payments' },
    state: 'Failed',
    reason: 'pod api-1 is in CrashLoopBackOff',
    localPort: 8080,
    restarts: 5,
    since: Date.now(),
    pod: 'api-1',
  });
  expect(n?.target).toEqual({
    view: 'pod',
    params: { context: 'dev', namespace: 'payments', name: 'api-1', forwardId: 'f1' },
  });
  act(() => e.emit('ui:navigate', navigationFor(n!)));
  await screen.findByRole('heading', { name: 'api-1' });
}

const logCalls = (e: ReturnType<typeof engine>) => e.calls.filter((c) => c.channel === 'clusters:podLogs');

describe('pod detail: the last log lines', () => {
  it("a failed forward's notification opens its pod; the lines are read only on the button, made safe to show", async () => {
    const e = engine((req) =>
      lines(req, 'starting\n\u001b[31mpanic\u001b[0m: boom\nbad \u001b]0;title\u0007 \u202emirrored'),
    );
    const r = renderApp(e);
    const off = bindUiNavigate(e.client);
    await openPodFromNotification(e);
    await screen.findByTestId('pod-status');
    // Nothing is read until asked.
    expect(logCalls(e)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Show last 50 lines' }));
    const pre = await screen.findByTestId('log-lines');
    expect(pre.textContent).toBe('starting\npanic: boom\nbad \\u001b]0;title\\u0007 \\u202emirrored');
    expect(screen.getByTestId('logs-which').textContent).toBe(
      'app, previous run (the one that ended) · 3 lines',
    );
    expect(logCalls(e).map((c) => c.payload)).toEqual([
      { context: 'dev', namespace: 'payments', name: 'api-1', tailLines: 50 },
    ]);
    // Not polled: a while later, still one read.
    await new Promise((res) => setTimeout(res, 300));
    expect(logCalls(e)).toHaveLength(1);
    off();
    r.unbind();
  });

  it('the other run and another container are read when picked', async () => {
    // As the engine: unasked, the crash-looping container's previous run.
    const e = engine((req) =>
      lines(
        req,
        `${req.container ?? 'app'} ${(req.previous ?? req.container === undefined) ? 'crashed' : 'now'}`,
      ),
    );
    const r = renderApp(e);
    const off = bindUiNavigate(e.client);
    await openPodFromNotification(e);
    fireEvent.click(await screen.findByRole('button', { name: 'Show last 50 lines' }));
    await waitFor(() => expect(screen.getByTestId('log-lines').textContent).toBe('app crashed'));
    fireEvent.click(screen.getByRole('button', { name: 'Current run' }));
    await waitFor(() => expect(screen.getByTestId('log-lines').textContent).toBe('app now'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Container' }), { target: { value: 'proxy' } });
    await waitFor(() => expect(screen.getByTestId('log-lines').textContent).toBe('proxy now'));
    expect(logCalls(e).map((c) => c.payload)).toEqual([
      { context: 'dev', namespace: 'payments', name: 'api-1', tailLines: 50 },
      {
        context: 'dev',
        namespace: 'payments',
        name: 'api-1',
        container: 'app',
        previous: false,
        tailLines: 50,
      },
      { context: 'dev', namespace: 'payments', name: 'api-1', container: 'proxy', tailLines: 50 },
    ]);
    off();
    r.unbind();
  });

  it('a refusal is said plainly, in place of the lines', async () => {
    const e = engine((req) => ({
      ...lines(req, ''),
      text: '',
      lines: 0,
      unavailable: {
        kind: 'forbidden',
        message: 'You may not read logs in payments (no "get" on pods/log there).',
      },
    }));
    const r = renderApp(e);
    const off = bindUiNavigate(e.client);
    await openPodFromNotification(e);
    fireEvent.click(await screen.findByRole('button', { name: 'Show last 50 lines' }));
    const said = await screen.findByTestId('logs-unavailable');
    expect(said.textContent).toBe('You may not read logs in payments (no "get" on pods/log there).');
    expect(screen.queryByTestId('log-lines')).toBeNull();
    expect(within(said.parentElement!).getByTestId('logs-which').textContent).toBe(
      'app, previous run (the one that ended)',
    );
    off();
    r.unbind();
  });

  it('a failed read is an error with a retry that reads again', async () => {
    let fail = true;
    const e = engine((req) => {
      if (fail) throw new Error('engine unreachable');
      return lines(req, 'back');
    });
    const r = renderApp(e);
    const off = bindUiNavigate(e.client);
    await openPodFromNotification(e);
    fireEvent.click(await screen.findByRole('button', { name: 'Show last 50 lines' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Could not read the logs');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('log-lines').textContent).toBe('back'));
    off();
    r.unbind();
  });
});
