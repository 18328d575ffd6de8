import type { Duplex } from 'node:stream';

/** A multiplexed port-forward session to one pod (tunnel/spdy/session.ts). */
export interface PortSession {
  readonly closed: boolean;
  readonly closeReason?: string | undefined;
  openPortStream(port: number, onServerError?: (text: string) => void): Promise<Duplex>;
  close(reason?: string): void;
  once(event: 'close', listener: (reason: string) => void): unknown;
}

/** One user's hold on a pooled session: the session while it lives, a new one after it died. */
export interface SessionLease {
  /** The open session, opening one when there is none or the last one closed. */
  session(): Promise<PortSession>;
  /** Called when a session this lease used closes on its own (ping deadline, server gone). */
  onSessionClosed(listener: (reason: string) => void): void;
  /** Gives the hold back; the last one closes the session. Idempotent. */
  release(): void;
}

interface Entry {
  refs: number;
  current: Promise<PortSession> | undefined;
  listeners: Set<(reason: string) => void>;
}

/**
 * One session per key — (cluster, pod, protocol) — shared by every forward to that pod: each
 * forward leases it, and the session closes when the last lease is given back. A session that
 * died (missed pings, API server restarted) is replaced on the next use, so clients arriving
 * meanwhile wait for the new one instead of being refused.
 */
export class SessionPool {
  private readonly entries = new Map<string, Entry>();

  lease(key: string, open: () => Promise<PortSession>): SessionLease {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { refs: 0, current: undefined, listeners: new Set() };
      this.entries.set(key, entry);
    }
    const e = entry;
    e.refs++;
    let released = false;
    const mine = new Set<(reason: string) => void>();
    return {
      session: () => {
        if (released) return Promise.reject(new Error('this tunnel was stopped'));
        return this.sessionOf(key, e, open);
      },
      onSessionClosed: (listener) => {
        mine.add(listener);
        e.listeners.add(listener);
      },
      release: () => {
        if (released) return;
        released = true;
        for (const l of mine) e.listeners.delete(l);
        e.refs--;
        if (e.refs > 0) return;
        this.entries.delete(key);
        const last = e.current;
        e.current = undefined;
        last?.then(
          (s) => s.close('no forward uses this session any more'),
          () => {},
        );
      },
    };
  }

  /** How many sessions are open or opening (for stats and tests). */
  get size(): number {
    return this.entries.size;
  }

  private async sessionOf(key: string, e: Entry, open: () => Promise<PortSession>): Promise<PortSession> {
    const current = e.current;
    if (current) {
      const s = await current.catch(() => undefined);
      if (s && !s.closed) return s;
      // Someone else may have started the replacement while we waited.
      if (e.current !== current) return this.sessionOf(key, e, open);
    }
    if (this.entries.get(key) !== e) throw new Error('this tunnel was stopped');
    const opening = open().then((s) => {
      s.once('close', (reason: string) => {
        if (e.current === opening) e.current = undefined;
        if (this.entries.get(key) === e) for (const l of e.listeners) l(reason);
      });
      return s;
    });
    e.current = opening;
    opening.catch(() => {
      if (e.current === opening) e.current = undefined;
    });
    return opening;
  }
}
