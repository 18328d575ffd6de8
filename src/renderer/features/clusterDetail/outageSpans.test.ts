import { describe, expect, it } from 'vitest';
import type { HistorySample } from '../../../shared/domain/health';
import { keepOutageStarts, outageSpans } from './outageSpans';

const ok = (t: number): HistorySample => ({
  t,
  latencyMs: 4,
  podsReady: 3,
  podsTotal: 3,
  restarts: 0,
  warningsPerMin: 0,
});
const gone = (t: number): HistorySample => ({
  t,
  latencyMs: null,
  podsReady: null,
  podsTotal: null,
  restarts: null,
  warningsPerMin: null,
});

describe('outageSpans', () => {
  it('spans from the first unanswered sample to the next answered one', () => {
    expect(outageSpans([ok(1), gone(2), gone(3), ok(4), ok(5), gone(6), ok(7)])).toEqual([
      { from: 2, to: 4 },
      { from: 6, to: 7 },
    ]);
  });

  it('an outage still going ends at the last sample; none when all answered', () => {
    expect(outageSpans([ok(1), gone(2), gone(3)])).toEqual([{ from: 2, to: 3 }]);
    expect(outageSpans([ok(1), ok(2)])).toEqual([]);
    expect(outageSpans([])).toEqual([]);
  });
});

describe('keepOutageStarts', () => {
  it('puts back the first unanswered sample thinning dropped, in time order', () => {
    const all = [ok(1), ok(2), gone(3), gone(4), ok(5), ok(6)];
    const thinned = [ok(1), ok(5), ok(6)];
    expect(keepOutageStarts(thinned, all).map((s) => s.t)).toEqual([1, 3, 5, 6]);
  });

  it('leaves a thinned series that kept its gaps alone', () => {
    const all = [ok(1), gone(2), ok(3)];
    expect(keepOutageStarts(all, all)).toEqual(all);
  });
});
