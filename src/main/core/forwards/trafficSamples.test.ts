import { describe, expect, it } from 'vitest';
import { idleStopReason, TrafficSamples } from './trafficSamples';

const traffic = (bytesIn: number) => ({
  bytesIn,
  bytesOut: 2 * bytesIn,
  openConnections: 1,
  totalConnections: 9,
  heldConnections: 0,
});

describe('TrafficSamples', () => {
  it('keeps one hour at 5 s (720), oldest first, and hands out copies', () => {
    const s = new TrafficSamples();
    for (let i = 0; i < 725; i++) s.add('a', i, traffic(i));
    const a = s.of('a');
    expect(a).toHaveLength(720);
    expect(a[0]).toEqual({ at: 5, bytesIn: 5, bytesOut: 10, openConnections: 1 });
    a.pop();
    expect(s.of('a')).toHaveLength(720);
    s.delete('a');
    expect(s.of('a')).toEqual([]);
  });
});

describe('idleStopReason', () => {
  const idle = { enabled: true, afterMs: 30 * 60_000 };
  it('stops once no client came for afterMs, saying how long', () => {
    expect(idleStopReason(idle, 0, idle.afterMs - 1)).toBeNull();
    expect(idleStopReason(idle, 0, idle.afterMs)).toBe('stopped after 30 min without connections');
  });
  it('never when idle stop is off', () => {
    expect(idleStopReason({ ...idle, enabled: false }, 0, 10 * idle.afterMs)).toBeNull();
  });
});
