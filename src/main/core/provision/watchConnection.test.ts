import { describe, expect, it } from 'vitest';
import { combinedFailure, connectionAfterFailure } from './watchConnection';

describe('provisioning connection rules', () => {
  const ok = { state: 'ok', attempts: 0 } as const;

  it('reconnecting until the oldest failure is as old as the limit, then lost', () => {
    expect(connectionAfterFailure(ok, { since: 1_000, attempts: 1 }, 'refused', 5_000, 10_000)).toEqual({
      state: 'reconnecting',
      message: 'refused',
      attempts: 1,
    });
    expect(connectionAfterFailure(ok, { since: 1_000, attempts: 4 }, 'refused', 11_000, 10_000)).toEqual({
      state: 'lost',
      message: 'refused',
      attempts: 4,
    });
  });

  it('once lost, stays lost; nothing new is no change', () => {
    const lost = { state: 'lost', message: 'refused', attempts: 4 } as const;
    expect(connectionAfterFailure(lost, { since: 10_500, attempts: 5 }, 'refused', 11_000, 10_000)).toEqual({
      state: 'lost',
      message: 'refused',
      attempts: 5,
    });
    expect(
      connectionAfterFailure(lost, { since: 10_500, attempts: 4 }, 'refused', 11_000, 10_000),
    ).toBeNull();
  });

  it('combinedFailure: the oldest start and the most attempts; none failing is undefined', () => {
    expect(combinedFailure([undefined, undefined])).toBeUndefined();
    expect(combinedFailure([{ since: 300, attempts: 1 }, undefined, { since: 100, attempts: 3 }])).toEqual({
      since: 100,
      attempts: 3,
    });
  });
});
