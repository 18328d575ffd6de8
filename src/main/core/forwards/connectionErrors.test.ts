import { describe, expect, it } from 'vitest';
import { LastConnectionError } from './connectionErrors';

describe('LastConnectionError', () => {
  it('keeps the latest text and time; announces a new text at once, the same one at most once a second', () => {
    const e = new LastConnectionError();
    expect(e.value).toBeNull();
    expect(e.note('connection refused', 1_000)).toBe(true);
    expect(e.note('connection refused', 1_400)).toBe(false);
    expect(e.note('connection refused', 1_900)).toBe(false);
    expect(e.value).toEqual({ message: 'connection refused', at: 1_900 });
    expect(e.note('connection refused', 2_000)).toBe(true);
    expect(e.note('connection reset', 2_100)).toBe(true);
    expect(e.value).toEqual({ message: 'connection reset', at: 2_100 });
    e.clear();
    expect(e.value).toBeNull();
  });
});
