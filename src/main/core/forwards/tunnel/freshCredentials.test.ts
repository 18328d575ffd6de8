import { describe, expect, it } from 'vitest';
import { DialError, type DialFailure } from './dialer';
import { withFreshCredentials } from './freshCredentials';

/** An opener that fails with `failures` in turn, then answers 'open'; counts its calls. */
function opener(...failures: DialFailure[]) {
  let calls = 0;
  return {
    calls: () => calls,
    open: async () => {
      const f = failures[calls++];
      if (f) throw new DialError(f, `failed: ${f}`);
      return 'open';
    },
  };
}

describe('withFreshCredentials', () => {
  it('opens once when the first attempt works', async () => {
    const o = opener();
    expect(await withFreshCredentials(o.open)).toBe('open');
    expect(o.calls()).toBe(1);
  });

  it('tries once more after a 401, and the second attempt carries the result', async () => {
    const o = opener('unauthorized');
    expect(await withFreshCredentials(o.open)).toBe('open');
    expect(o.calls()).toBe(2);
  });

  it('gives up after a second 401: fresh credentials that are rejected are wrong', async () => {
    const o = opener('unauthorized', 'unauthorized');
    await expect(withFreshCredentials(o.open)).rejects.toMatchObject({ failure: 'unauthorized' });
    expect(o.calls()).toBe(2);
  });

  it.each<DialFailure>(['forbidden', 'protocol', 'pod-gone', 'refused', 'timeout'])(
    'does not retry a %s failure (new credentials would not change it)',
    async (failure) => {
      const o = opener(failure);
      await expect(withFreshCredentials(o.open)).rejects.toMatchObject({ failure });
      expect(o.calls()).toBe(1);
    },
  );

  it('does not retry an error that is not a refusal of the dial', async () => {
    let calls = 0;
    const boom = () => {
      calls++;
      return Promise.reject(new Error('boom'));
    };
    await expect(withFreshCredentials(boom)).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
