/** An unchanged error text is announced at most this often. */
const ANNOUNCE_EVERY_MS = 1_000;

/**
 * The server's error text for the last connection of a forward that failed, and when: kept
 * for the status. A client retrying against a refusing app can cause many a second, so
 * `note` asks for an announcement when the text changed or a second passed since the last
 * one; the kept time is always the latest.
 */
export class LastConnectionError {
  private last: { message: string; at: number } | null = null;
  private announcedAt = 0;

  get value(): { message: string; at: number } | null {
    return this.last;
  }

  /** Keeps `message` as of `now`; true when the status change should be announced. */
  note(message: string, now: number): boolean {
    const before = this.last;
    this.last = { message, at: now };
    if (before?.message === message && now - this.announcedAt < ANNOUNCE_EVERY_MS) return false;
    this.announcedAt = now;
    return true;
  }

  clear(): void {
    this.last = null;
  }
}
