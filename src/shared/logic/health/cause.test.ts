import { describe, expect, it } from 'vitest';
import { nextCause } from './cause';

describe('nextCause', () => {
  it('counts failures of one kind from the first one', () => {
    let c = nextCause(null, { ok: false, kind: 'unreachable', at: 1000 });
    c = nextCause(c, { ok: false, kind: 'unreachable', at: 2000 });
    c = nextCause(c, { ok: false, kind: 'unreachable', at: 3000 });
    expect(c).toEqual({ kind: 'unreachable', since: 1000, failures: 3 });
  });

  it('starts again, time and count, when the kind of failure changes', () => {
    let c = nextCause(null, { ok: false, kind: 'unreachable', at: 1000 });
    c = nextCause(c, { ok: false, kind: 'unreachable', at: 2000 });
    c = nextCause(c, { ok: false, kind: 'server-error', at: 5000 });
    expect(c).toEqual({ kind: 'server-error', since: 5000, failures: 1 });
  });

  it('a success ends the cause, and the next failure is a new one', () => {
    let c = nextCause(null, { ok: false, kind: 'timeout', at: 1000 });
    c = nextCause(c, { ok: true, at: 2000 });
    expect(c).toBeNull();
    c = nextCause(c, { ok: false, kind: 'timeout', at: 9000 });
    expect(c).toEqual({ kind: 'timeout', since: 9000, failures: 1 });
  });
});
