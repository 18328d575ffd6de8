import { describe, expect, it } from 'vitest';
import { summarizePod } from '../../../shared/logic/health';
import { table } from '../format';
import { podRows } from './podTable';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const t = (agoS: number) => new Date(NOW - agoS * 1000).toISOString();

const crashy = summarizePod(
  {
    metadata: { name: 'crashy', namespace: 'tether-demo', creationTimestamp: t(25 * 60) },
    spec: { nodeName: 'kwok-node-0', containers: [{ name: 'app' }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      podIPs: [{ ip: '10.0.0.5' }],
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 140,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: t(240) } },
        },
      ],
    },
  },
  { now: NOW },
)!;
const stuck = summarizePod(
  {
    metadata: { name: 'stuck', namespace: 'tether-demo', creationTimestamp: t(3 * 3600 + 120) },
    spec: { containers: [{ name: 'app' }] },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
    },
  },
  { now: NOW },
)!;

describe('tether cluster pods: kubectl get pods -A columns', () => {
  it('NAMESPACE NAME READY STATUS RESTARTS AGE, restarts with "(4m ago)"', () => {
    expect(table(podRows([crashy, stuck], false, NOW))).toEqual([
      'NAMESPACE    NAME    READY  STATUS            RESTARTS      AGE',
      'tether-demo  crashy  0/1    CrashLoopBackOff  140 (4m ago)  25m',
      'tether-demo  stuck   0/1    Pending           0             3h2m',
    ]);
  });

  it('-o wide adds IP NODE NOMINATED NODE READINESS GATES, "<none>" where empty', () => {
    const rows = podRows([crashy, stuck], true, NOW);
    expect(rows[0]).toEqual([
      'NAMESPACE',
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(rows[1]?.slice(6)).toEqual(['10.0.0.5', 'kwok-node-0', '<none>', '<none>']);
    expect(rows[2]?.slice(6)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });
});
