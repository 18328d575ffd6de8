import { EventEmitter } from 'node:events';
import { PassThrough, type Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SessionPool, type PortSession } from './sessionPool';

class FakeSession extends EventEmitter implements PortSession {
  closed = false;
  closeReason: string | undefined;
  openPortStream(): Promise<Duplex> {
    return Promise.resolve(new PassThrough());
  }
  close(reason = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.emit('close', reason);
  }
}

function opener() {
  const made: FakeSession[] = [];
  return {
    made,
    open: () => {
      const s = new FakeSession();
      made.push(s);
      return Promise.resolve(s);
    },
  };
}

describe('SessionPool', () => {
  it('gives every lease of one key the same session, opened once even when asked together', async () => {
    const pool = new SessionPool();
    const o = opener();
    const a = pool.lease('k', o.open);
    const b = pool.lease('k', o.open);
    const [sa, sb] = await Promise.all([a.session(), b.session()]);
    expect(sa).toBe(sb);
    expect(o.made).toHaveLength(1);
  });

  it('keeps different keys apart', async () => {
    const pool = new SessionPool();
    const o = opener();
    const sa = await pool.lease('pod-a', o.open).session();
    const sb = await pool.lease('pod-b', o.open).session();
    expect(sa).not.toBe(sb);
    expect(pool.size).toBe(2);
  });

  it('closes the session when the last lease is given back, not before', async () => {
    const pool = new SessionPool();
    const o = opener();
    const a = pool.lease('k', o.open);
    const b = pool.lease('k', o.open);
    const s = (await a.session()) as FakeSession;
    a.release();
    a.release(); // twice counts once
    expect(s.closed).toBe(false);
    b.release();
    await Promise.resolve();
    await Promise.resolve();
    expect(s.closed).toBe(true);
    expect(pool.size).toBe(0);
  });

  it('replaces a session that died and tells the leases why', async () => {
    const pool = new SessionPool();
    const o = opener();
    const a = pool.lease('k', o.open);
    const reasons: string[] = [];
    a.onSessionClosed((r) => reasons.push(r));
    const first = (await a.session()) as FakeSession;
    first.close('the API server stopped answering pings for 10 s');
    expect(reasons).toEqual(['the API server stopped answering pings for 10 s']);
    const second = await a.session();
    expect(second).not.toBe(first);
    expect(o.made).toHaveLength(2);
  });

  it('tries again after a failed open', async () => {
    const pool = new SessionPool();
    let fail = true;
    const o = opener();
    const lease = pool.lease('k', () => (fail ? Promise.reject(new Error('refused')) : o.open()));
    await expect(lease.session()).rejects.toThrow('refused');
    fail = false;
    await expect(lease.session()).resolves.toBeInstanceOf(FakeSession);
  });

  it('closes a session that finishes opening after the last lease was given back', async () => {
    const pool = new SessionPool();
    let finish: (s: FakeSession) => void = () => {};
    const late = new FakeSession();
    const lease = pool.lease('k', () => new Promise<PortSession>((r) => (finish = r)));
    const pending = lease.session();
    lease.release();
    finish(late);
    await pending;
    await Promise.resolve();
    expect(late.closed).toBe(true);
    await expect(lease.session()).rejects.toThrow('stopped');
  });
});
