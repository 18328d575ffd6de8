// The traffic charts' data: each running forward sampled every period, an hour kept.
import type { ForwardSample, ForwardStatus } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';

const SAMPLES_KEPT = 720; // one hour at 5 s

/** Each forward's traffic samples, oldest first, the last hour only. */
export class TrafficSamples {
  private readonly byId = new Map<string, ForwardSample[]>();

  /** Records `traffic` for forward `id` at `at`. */
  add(id: string, at: number, traffic: ForwardStatus['traffic']): void {
    const list = this.byId.get(id) ?? [];
    list.push({
      at,
      bytesIn: traffic.bytesIn,
      bytesOut: traffic.bytesOut,
      openConnections: traffic.openConnections,
    });
    if (list.length > SAMPLES_KEPT) list.splice(0, list.length - SAMPLES_KEPT);
    this.byId.set(id, list);
  }

  /** A copy of forward `id`'s samples. */
  of(id: string): ForwardSample[] {
    return [...(this.byId.get(id) ?? [])];
  }

  /** Forgets forward `id` (deleted). */
  delete(id: string): void {
    this.byId.delete(id);
  }
}

/**
 * Whether a forward with no open connection is due for its idle stop at `at`: idle stop on, and
 * no client since `lastActivityAt` for the spec's `afterMs`. Returns why it stops, or null.
 */
export function idleStopReason(
  idle: ForwardSpec['idleStop'],
  lastActivityAt: number,
  at: number,
): string | null {
  if (!idle.enabled || at - lastActivityAt < idle.afterMs) return null;
  return `stopped after ${Math.round(idle.afterMs / 60_000)} min without connections`;
}
