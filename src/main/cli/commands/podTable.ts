import type { PodSummary } from '../../../shared/domain/health';
import { formatRestarts, kubectlAge } from '../../../shared/logic/health';

/**
 * `tether cluster pods` as `kubectl get pods -A` prints it: NAMESPACE NAME READY STATUS
 * RESTARTS AGE, and with `-o wide` also IP NODE NOMINATED NODE READINESS GATES.
 */
export function podRows(pods: readonly PodSummary[], wide: boolean, now: number): string[][] {
  const head = ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
  const rows = [wide ? [...head, 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : head];
  for (const p of pods) {
    const cells = [
      p.namespace,
      p.name,
      p.ready,
      p.status,
      formatRestarts(p.restarts, p.lastRestartAt, now),
      kubectlAge(p.createdAt, now),
    ];
    if (wide)
      cells.push(
        p.ip ?? '<none>',
        p.node ?? '<none>',
        p.nominatedNode ?? '<none>',
        p.readinessGates ?? '<none>',
      );
    rows.push(cells);
  }
  return rows;
}
