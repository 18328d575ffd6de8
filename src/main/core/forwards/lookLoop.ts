// When a forward looks at the cluster: one look at a time, now or at a planned moment.

/** What a LookLoop runs and reports. */
export interface LookLoopOptions {
  /** One look (resolve the target, start what the rules ask for). */
  look(): Promise<void>;
  /** The planned moment came (the rules decide whether that is a look). */
  due(): void;
  /** A look threw. */
  crashed(err: unknown): void;
  /** False once the forward stopped: no more looks, nothing planned. */
  active(): boolean;
  now(): number;
}

/**
 * Serializes a forward's looks: `kick()` during a look runs exactly one more after it, and a
 * planned look (`planAt`) is replaced by the next plan or kick, so looks never overlap or pile up.
 */
export class LookLoop {
  private readonly o: LookLoopOptions;
  private timer: NodeJS.Timeout | undefined;
  private looking = false;
  private again = false;

  constructor(o: LookLoopOptions) {
    this.o = o;
  }

  /** Looks now, or once more after the running look. */
  kick(): void {
    clearTimeout(this.timer);
    if (this.looking) {
      this.again = true;
      return;
    }
    this.looking = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.o.look();
        } while (this.again && this.o.active());
      } catch (err) {
        this.o.crashed(err);
      } finally {
        this.looking = false;
      }
    })();
  }

  /** Reports `due` at `at` (replacing any plan); nothing while inactive. */
  planAt(at: number): void {
    clearTimeout(this.timer);
    if (!this.o.active()) return;
    this.timer = setTimeout(() => this.o.due(), Math.max(0, at - this.o.now()));
    this.timer.unref();
  }

  /** Drops the plan (the forward stopped). */
  cancel(): void {
    clearTimeout(this.timer);
  }
}
