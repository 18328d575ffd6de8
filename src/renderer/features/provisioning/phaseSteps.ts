import type { ProvisioningPhase, ProvisioningSnapshot } from '../../../shared/domain/provisioning';
import type { DisplayState } from '../../format/state';

/** The stepper's steps, in the order a healthy provisioning walks them. */
export const STEPS = [
  { phase: 'Initializing', short: 'Init' },
  { phase: 'Provisioning', short: 'Infra' },
  { phase: 'Bootstrapping', short: 'Boot' },
  { phase: 'Scaling', short: 'Scale' },
  { phase: 'Installing', short: 'Install' },
  { phase: 'Ready', short: 'Ready' },
] as const satisfies readonly { phase: ProvisioningPhase; short: string }[];

export type StepState = 'done' | 'current' | 'todo' | 'failed';

/**
 * Each step's state for a snapshot. Failed / Deleting / Unknown are not steps: the furthest
 * step the events or progress prove is shown as reached, and a failure marks the next one.
 */
export function stepStates(s: Pick<ProvisioningSnapshot, 'phase' | 'progress' | 'events'>): StepState[] {
  const at = STEPS.findIndex((x) => x.phase === s.phase);
  if (at >= 0)
    return STEPS.map((_, i) => (i < at ? 'done' : i === at ? (at === 5 ? 'done' : 'current') : 'todo'));
  // Not a forward step: how far did it get before that?
  const reached = Math.max(
    -1,
    ...s.events.map((e) => (e.indicates ? STEPS.findIndex((x) => x.phase === e.indicates) : -1)),
  );
  if (s.phase === 'Failed') {
    const failedAt = Math.min(reached + 1, STEPS.length - 1);
    return STEPS.map((_, i) => (i < failedAt ? 'done' : i === failedAt ? 'failed' : 'todo'));
  }
  return STEPS.map((_, i) => (i <= reached ? 'done' : 'todo'));
}

/** The phase in words and as a colour: never colour alone. */
export function phaseTone(s: Pick<ProvisioningSnapshot, 'phase' | 'timedOut' | 'deleted'>): {
  label: string;
  tone: DisplayState;
} {
  if (s.deleted) return { label: 'Deleted', tone: 'Off' };
  if (s.phase === 'Ready') return { label: 'Ready', tone: 'Healthy' };
  if (s.phase === 'Failed') return { label: 'Failed', tone: 'Unhealthy' };
  if (s.timedOut) return { label: `${s.phase} (timed out)`, tone: 'Unhealthy' };
  if (s.phase === 'Unknown') return { label: 'No status yet', tone: 'Unknown' };
  if (s.phase === 'Deleting') return { label: 'Deleting', tone: 'Degraded' };
  return { label: s.phase, tone: 'Degraded' };
}

/** "45 s", "12 min 3 s", "2 h 5 min": how long it has been going. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Snapshots worth a look first: in progress, then failed, then done; newest start first. */
export function orderSnapshots<T extends Pick<ProvisioningSnapshot, 'terminal' | 'phase' | 'startedAt'>>(
  items: readonly T[],
): T[] {
  const rank = (s: T) => (!s.terminal ? 0 : s.phase === 'Failed' ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || b.startedAt.localeCompare(a.startedAt));
}
