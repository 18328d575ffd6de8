import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodSummary } from '../domain/health';
import { summarizePod } from './health';
import {
  MAX_LOG_LINE_CHARS,
  displayLogText,
  knownUnavailable,
  kubectlLogsCommand,
  lastLines,
  logRefusal,
  pickLogTarget,
  podLogQuery,
  shellQuote,
} from './podLogs';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const t = (agoS: number) => new Date(NOW - agoS * 1000).toISOString();

// Real pod objects as the API server returns them, digested by the engine's own summarizePod.
function pod(spec: { init?: string[]; containers: string[] }, status: Record<string, unknown>): PodSummary {
  const p = summarizePod(
    {
      metadata: { name: 'api-1', namespace: 'payments', creationTimestamp: t(600) },
      spec: {
        initContainers: (spec.init ?? []).map((name) => ({ name, image: 'x' })),
        containers: spec.containers.map((name) => ({ name, image: 'x' })),
      },
      status,
    },
    { now: NOW },
  );
  if (!p) throw new Error('not a pod');
  return p;
}
const running = (name: string, restartCount = 0, last?: object) => ({
  name,
  ready: true,
  restartCount,
  state: { running: { startedAt: t(100) } },
  lastState: last ?? {},
});
const crashLooping = (name: string) => ({
  name,
  ready: false,
  restartCount: 5,
  state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
  lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: t(20) } },
});
const exited = (name: string, exitCode: number) => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: t(30) } },
});

describe('pickLogTarget: the container a developer wants to read', () => {
  it('a crash-looping container: its previous run, the one that crashed', () => {
    const p = pod(
      { containers: ['app', 'proxy'] },
      { phase: 'Running', containerStatuses: [running('app'), crashLooping('proxy')] },
    );
    expect(pickLogTarget(p)).toEqual({ container: 'proxy', previous: true });
  });

  it('a crash-looping init container (Init:CrashLoopBackOff) comes before the waiting app', () => {
    const p = pod(
      { init: ['migrate'], containers: ['app'] },
      {
        phase: 'Pending',
        initContainerStatuses: [crashLooping('migrate')],
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    );
    expect(pickLogTarget(p)).toEqual({ container: 'migrate', previous: true });
  });

  it('a container that exited with an error (kubectl: Error): its current, last run', () => {
    const p = pod({ containers: ['job'] }, { phase: 'Failed', containerStatuses: [exited('job', 2)] });
    expect(pickLogTarget(p)).toEqual({ container: 'job', previous: false });
  });

  it('a running pod: the first regular container, current run', () => {
    const p = pod(
      { init: ['setup'], containers: ['web', 'sidecar'] },
      {
        phase: 'Running',
        initContainerStatuses: [exited('setup', 0)],
        containerStatuses: [running('web', 2), running('sidecar')],
      },
    );
    expect(pickLogTarget(p)).toEqual({ container: 'web', previous: false });
  });

  it('a named container is read as named; its previous run only when asked or when it waits after one', () => {
    const p = pod(
      { containers: ['app', 'proxy'] },
      { phase: 'Running', containerStatuses: [running('app', 1), crashLooping('proxy')] },
    );
    expect(pickLogTarget(p, 'app')).toEqual({ container: 'app', previous: false });
    expect(pickLogTarget(p, 'app', true)).toEqual({ container: 'app', previous: true });
    expect(pickLogTarget(p, 'proxy')).toEqual({ container: 'proxy', previous: true });
    expect(pickLogTarget(p, 'proxy', false)).toEqual({ container: 'proxy', previous: false });
  });

  it('a pod that could not be read: the named container, else the default one (no container parameter)', () => {
    expect(pickLogTarget(null)).toEqual({ container: null, previous: false });
    expect(pickLogTarget(null, 'app', true)).toEqual({ container: 'app', previous: true });
  });
});

describe('knownUnavailable: what the pod alone says cannot be read', () => {
  const p = pod(
    { containers: ['app', 'proxy'] },
    { phase: 'Running', containerStatuses: [running('app'), crashLooping('proxy')] },
  );

  it('the previous run of a container that never restarted', () => {
    expect(knownUnavailable(p, { container: 'app', previous: true })).toBe(
      'Container app has no previous run: it has not restarted. Its current run can be read.',
    );
    expect(knownUnavailable(p, { container: 'proxy', previous: true })).toBeNull();
    expect(knownUnavailable(p, { container: 'app', previous: false })).toBeNull();
  });

  it('a container the pod does not have, naming the ones it has', () => {
    expect(knownUnavailable(p, { container: 'db', previous: false })).toBe(
      'Pod api-1 has no container "db" (it has: app, proxy).',
    );
  });

  it('nothing is known without the pod', () => {
    expect(knownUnavailable(null, { container: 'app', previous: true })).toBeNull();
  });
});

describe('podLogQuery', () => {
  it("asks for the container, the previous run, the tail and a byte limit, as kubectl's flags do", () => {
    expect(podLogQuery({ container: 'app', previous: true }, 50)).toBe(
      'container=app&previous=true&tailLines=50&limitBytes=262144',
    );
    expect(podLogQuery({ container: null, previous: false }, 50)).toBe('tailLines=50&limitBytes=262144');
  });

  it('never asks for an unbounded or absurd tail', () => {
    expect(podLogQuery({ container: null, previous: false }, 0)).toContain('tailLines=1&');
    expect(podLogQuery({ container: null, previous: false }, 1e9)).toContain('tailLines=1000&');
  });
});

describe('lastLines', () => {
  it('keeps the newest lines, drops the trailing newline, and says when lines were dropped', () => {
    expect(lastLines('a\nb\nc\n', 2)).toEqual({ text: 'b\nc', lines: 2, truncated: true });
    expect(lastLines('a\nb\n', 50)).toEqual({ text: 'a\nb', lines: 2, truncated: false });
    expect(lastLines('', 50)).toEqual({ text: '', lines: 0, truncated: false });
  });

  it('cuts a runaway line and says by how much', () => {
    const r = lastLines(`short\n${'x'.repeat(MAX_LOG_LINE_CHARS + 10)}\n`, 50);
    expect(r.truncated).toBe(true);
    expect(r.text.split('\n')[1]).toBe(`${'x'.repeat(MAX_LOG_LINE_CHARS)}… (10 more characters)`);
  });

  it('an answer the API server stopped at limitBytes is truncated', () => {
    expect(lastLines('a\nb', 50, true).truncated).toBe(true);
  });

  it('the last kept line may be empty: "a\\n\\n" with tail 1 is one empty line', () => {
    expect(lastLines('a\n\n', 1)).toEqual({ text: '', lines: 1, truncated: true });
  });

  it('property: never more lines than asked, none longer than the cap, and the last line kept', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 50 }).map((s) => s.replace(/\n/g, ' ')),
          {
            minLength: 1,
            maxLength: 80,
          },
        ),
        fc.integer({ min: 1, max: 100 }),
        (rows, tail) => {
          const r = lastLines(`${rows.join('\n')}\n`, tail);
          // One kept line that is empty is the text '' with lines 1: count from `lines`, not the text.
          const got = r.lines === 0 ? [] : r.text.split('\n');
          expect(got.length).toBe(r.lines);
          expect(r.lines).toBeLessThanOrEqual(tail);
          if (!(rows.length === 1 && rows[0] === '')) expect(got.at(-1)).toBe(rows.at(-1));
          expect(r.truncated).toBe(rows.length > tail);
        },
      ),
    );
  });
});

describe('displayLogText: log text made safe to show', () => {
  it('drops colour codes and shows every other control sequence and bidi override as an escape', () => {
    expect(displayLogText('\u001b[31mERROR\u001b[0m boom')).toBe('ERROR boom');
    expect(displayLogText('title\u001b]0;pwned\u0007 x')).toBe('title\\u001b]0;pwned\\u0007 x');
    expect(displayLogText('a\u202eb\tc\nd\re')).toBe('a\\u202eb\tc\nd\\u000de');
  });

  it('property: the result holds no control character other than tab and newline', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const unsafe = [...displayLogText(s)].filter((ch) => {
          const cp = ch.codePointAt(0) ?? 0;
          return (
            (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a) ||
            (cp >= 0x7f && cp <= 0x9f) ||
            (cp >= 0x202a && cp <= 0x202e) ||
            (cp >= 0x2066 && cp <= 0x2069)
          );
        });
        expect(unsafe).toEqual([]);
      }),
    );
  });
});

describe('logRefusal: the API server said no, in words', () => {
  const req = { namespace: 'payments', container: 'app', previous: true };

  it('403: may not read logs in the namespace', () => {
    expect(logRefusal(403, 'pods "x" is forbidden: …', req)).toEqual({
      kind: 'forbidden',
      message:
        'You may not read logs in payments (no "get" on pods/log there). The API server said: pods "x" is forbidden: …',
    });
  });

  it("400 for a previous run the kubelet does not have: no previous run (kubelet's own words)", () => {
    expect(logRefusal(400, 'previous terminated container "app" in pod "api-1" not found', req).kind).toBe(
      'no-previous-run',
    );
  });

  it('400 for a container still starting: not started yet', () => {
    expect(
      logRefusal(400, 'container "app" in pod "api-1" is waiting to start: ContainerCreating', {
        ...req,
        previous: false,
      }).kind,
    ).toBe('not-started');
  });

  it('anything else: the status and the server message', () => {
    expect(logRefusal(502, 'dial tcp: connection refused', req)).toEqual({
      kind: 'failed',
      message: 'The logs could not be read (HTTP 502). The API server said: dial tcp: connection refused',
    });
  });
});

describe('kubectlLogsCommand', () => {
  it('the same read for a terminal, -c only when the pod has several containers', () => {
    const o = { namespace: 'payments', name: 'api-1', previous: true, tailLines: 50 };
    expect(kubectlLogsCommand({ ...o, context: 'prod', container: 'app', containerCount: 2 })).toBe(
      'kubectl logs -p api-1 -n payments --context prod -c app --tail=50',
    );
    expect(kubectlLogsCommand({ ...o, context: "it's mine", container: 'app', containerCount: 1 })).toBe(
      "kubectl logs -p api-1 -n payments --context 'it'\\''s mine' --tail=50",
    );
  });

  it('shellQuote leaves plain words alone', () => {
    expect(shellQuote('arn:aws:eks:eu-west-1:1:cluster/prod')).toBe('arn:aws:eks:eu-west-1:1:cluster/prod');
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
  });
});
