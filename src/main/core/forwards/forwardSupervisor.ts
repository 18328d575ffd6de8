import { ContractError, type ForwardSample, type ForwardStatus } from '../../../shared/contract';
import { validateForwardSpec, type ForwardSpec } from '../../../shared/domain/forward';
import { exportForwards, importAction, type ImportResult } from '../../../shared/logic/import';
import { Forward } from './forward';
import { LocalPortError } from './localBinding';
import { maskSpec } from '../../../shared/logic/forwards/headerMask';
import { upsertSpecs } from './forwardStore';
import { portHolder } from './portHolder';
import type { ForwardSupervisorOptions } from './supervisorOptions';
import { contextMissingMessage, withStoredHeaders } from './savedSpecs';
import { importWarning, parseImportRequest, type ImportRequest } from './forwardImport';
import { idleStopReason, TrafficSamples } from './trafficSamples';
import { background } from '../app/background';

/**
 * The engine's port-forwards: one Forward per stored spec, started and stopped on request,
 * restored at launch when marked so, persisted through a SettingsStorage, and sampled for
 * the traffic charts.
 */
export class ForwardSupervisor {
  private readonly o: ForwardSupervisorOptions;
  private readonly forwards = new Map<string, Forward>();
  private readonly samples = new TrafficSamples();
  private readonly lastEmittedTraffic = new Map<string, string>();
  private sampleTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(opts: ForwardSupervisorOptions) {
    this.o = opts;
    this.now = opts.now ?? Date.now;
    for (const spec of opts.storage.read().forwards) this.forwards.set(spec.id, this.create(spec));
  }

  /** Starts the sampler and every forward marked start-at-launch (failures are logged, not thrown). */
  async restoreAtLaunch(): Promise<void> {
    this.sampleTimer = setInterval(() => this.sample(), this.o.sampleMs ?? 5_000);
    this.sampleTimer.unref();
    const launch = [...this.forwards.values()].filter((f) => f.spec.startAtLaunch && f.spec.enabled);
    await Promise.all(
      launch.map((f) =>
        this.start(f.spec.id).catch((err: unknown) =>
          this.o.log.warn('forward not restored at launch', { id: f.spec.id, error: String(err) }),
        ),
      ),
    );
  }

  /** Every forward, in stored order. */
  list(): ForwardStatus[] {
    return [...this.forwards.values()].map((f) => this.statusOf(f));
  }

  /** One forward's status; not-found when there is no such id. */
  status(id: string): ForwardStatus {
    return this.statusOf(this.get(id));
  }

  /** The kubeconfig's contexts changed: forwards whose context came or went say so. */
  contextsChanged(): void {
    for (const f of this.forwards.values()) this.emit(f);
  }

  /** Starts a forward; a taken local port is a 'conflict' naming the port (and its holder when known). */
  async start(id: string): Promise<ForwardStatus> {
    const f = this.get(id);
    if (!f.spec.enabled)
      throw new ContractError('conflict', `Forward "${f.spec.name}" is disabled; enable it first.`);
    if (!this.contextKnown(f.spec.context))
      throw new ContractError('conflict', contextMissingMessage(f.spec.name, f.spec.context));
    try {
      await f.start();
    } catch (err) {
      if (err instanceof LocalPortError) {
        const holder = err.code === 'EADDRINUSE' ? await portHolder(err.port) : undefined;
        throw new ContractError(
          'conflict',
          `Cannot start "${f.spec.name}": ${err.message}${holder ? ` by ${holder}` : ''}. Stop that process or choose another local port.`,
        );
      }
      throw err;
    }
    return this.statusOf(f);
  }

  /** A running forward tries again at once; a stopped one is a 'conflict' (start it instead). */
  retry(id: string): ForwardStatus {
    const f = this.get(id);
    if (!f.isRunning)
      throw new ContractError('conflict', `Forward "${f.spec.name}" is stopped; start it instead.`);
    f.retryNow();
    return this.statusOf(f);
  }

  /** Stops a forward (returns once its listener is closed and its kubectl has exited). */
  async stop(id: string): Promise<ForwardStatus> {
    const f = this.get(id);
    await f.stop();
    return this.statusOf(f);
  }

  /** Starts every enabled forward; reports per forward what could not start. */
  async startAll(): Promise<{ forwards: ForwardStatus[]; errors: { id: string; message: string }[] }> {
    const errors: { id: string; message: string }[] = [];
    await Promise.all(
      [...this.forwards.values()]
        .filter((f) => f.spec.enabled && !f.isRunning)
        .map((f) =>
          this.start(f.spec.id).catch((err: unknown) =>
            errors.push({ id: f.spec.id, message: err instanceof Error ? err.message : String(err) }),
          ),
        ),
    );
    return { forwards: this.list(), errors };
  }

  /** Stops every forward in parallel. */
  async stopAll(): Promise<ForwardStatus[]> {
    await Promise.all([...this.forwards.values()].map((f) => f.stop()));
    return this.list();
  }

  /** Stops everything and the sampler (engine shutdown). */
  async shutdown(): Promise<void> {
    clearInterval(this.sampleTimer);
    await this.stopAll();
  }

  /**
   * Adds or replaces a forward from a draft. Invalid → 'bad-request' with one issue per field.
   * A running forward whose spec changed is restarted with the new spec; `start` starts it
   * once saved (a port conflict then throws, the forward staying saved).
   */
  async save(
    draft: unknown,
    opts: { start?: boolean } = {},
  ): Promise<{ forward: ForwardStatus; warnings: string[] }> {
    const v = validateForwardSpec(draft, { knownContexts: this.o.knownContexts() });
    if (!v.ok) {
      const first = v.errors[0];
      throw new ContractError(
        'bad-request',
        first ? `${first.field ? `${first.field}: ` : ''}${first.message}` : 'The forward is invalid',
        v.errors.map((e) => ({ path: e.field || '(forward)', message: e.message })),
      );
    }
    return { forward: await this.store(v.spec, opts), warnings: v.warnings };
  }

  // Persists a validated spec and brings the live forward in line: a running forward whose spec
  // changed restarts with the new one; `start` starts it once saved.
  private async store(given: ForwardSpec, opts: { start?: boolean } = {}): Promise<ForwardStatus> {
    const existing = this.forwards.get(given.id);
    const spec = existing ? withStoredHeaders(given, existing.spec) : given;
    this.persist([spec]);
    if (existing) {
      const wasRunning = existing.isRunning;
      if (wasRunning) await existing.stop();
      existing.spec = spec;
      if ((wasRunning || opts.start) && spec.enabled) await this.start(spec.id);
      else this.emit(existing);
      return this.statusOf(existing);
    }
    const f = this.create(spec);
    this.forwards.set(spec.id, f);
    this.emit(f);
    if (opts.start && spec.enabled) await this.start(spec.id);
    return this.statusOf(f);
  }

  /** Stops and removes a forward. */
  async delete(id: string): Promise<void> {
    const f = this.get(id);
    await f.stop();
    this.forwards.delete(id);
    this.samples.delete(id);
    this.lastEmittedTraffic.delete(id);
    const file = this.o.storage.read();
    this.o.storage.write({ ...file, forwards: file.forwards.filter((s) => s.id !== id) });
    this.o.onChanged(id, null);
  }

  /**
   * Parses an import file (any supported format, or the one given). Unless `dryRun`, the valid
   * forwards are saved. An existing forward (same id) is replaced only with `replaceExisting`,
   * and a running one never: an import does not restart anything.
   */
  async importText(req: ImportRequest & { dryRun: boolean }): Promise<{
    result: ImportResult;
    saved: string[];
    dryRun: boolean;
  }> {
    const parsed = this.parseImport(req);
    // What goes back to the client shows probe header values masked, as every status does.
    const result = { ...parsed, forwards: parsed.forwards.map(maskSpec) };
    if (req.dryRun) return { result, saved: [], dryRun: true };
    const saved: string[] = [];
    const warnings = [...result.warnings];
    for (const spec of parsed.forwards) {
      const existing = this.forwards.get(spec.id);
      const stored = existing && {
        running: existing.isRunning,
        contextKnown: this.contextKnown(existing.spec.context),
      };
      const action = importAction(stored, this.contextKnown(spec.context), req.replaceExisting === true);
      const warning = importWarning(action, spec, existing?.spec);
      if (warning) warnings.push(warning);
      if (action === 'keep-existing' || action === 'keep-running') continue;
      // Validated by the import, where a context missing from the kubeconfig is kept, not refused.
      await this.store(spec);
      saved.push(spec.id);
    }
    return { result: { ...result, warnings }, saved, dryRun: false };
  }

  /** Parses an import without touching anything (also for `tether import --dry-run` offline). */
  parseImport(req: ImportRequest): ImportResult {
    return parseImportRequest(req, {
      knownContexts: this.o.knownContexts(),
      currentContext: this.o.currentContext(),
      existingIds: new Set(this.forwards.keys()),
    });
  }

  /** Tether's JSON export of the given forwards (all by default), probe header values masked. */
  exportText(ids?: readonly string[]): string {
    const specs = [...this.forwards.values()].map((f) => maskSpec(f.spec));
    if (!ids) return exportForwards(specs);
    for (const id of ids) this.get(id);
    return exportForwards(specs.filter((s) => ids.includes(s.id)));
  }

  /** A forward's traffic samples, oldest first. */
  samplesOf(id: string): ForwardSample[] {
    this.get(id);
    return this.samples.of(id);
  }

  /** Every running forward looks again at once (the watchdog, after sleep or a freeze); resolves with what each found. */
  async verifyAll(): Promise<ForwardStatus[]> {
    return Promise.all([...this.forwards.values()].filter((f) => f.isRunning).map((f) => f.verify()));
  }

  private contextKnown(context: string): boolean {
    return this.o.knownContexts().includes(context);
  }

  // What clients see of a forward: its status, and whether its context is missing.
  private statusOf(f: Forward): ForwardStatus {
    const status = f.status();
    return this.contextKnown(f.spec.context) ? status : { ...status, contextMissing: true };
  }

  private get(id: string): Forward {
    const f = this.forwards.get(id);
    if (!f) throw new ContractError('not-found', `No forward with id "${id}".`);
    return f;
  }

  private create(spec: ForwardSpec): Forward {
    const f: Forward = new Forward(spec, {
      clusters: this.o.clusters,
      kubectl: this.o.kubectl,
      ...(this.o.engine ? { engine: this.o.engine } : {}),
      ...(this.o.native ? { native: this.o.native } : {}),
      log: this.o.log.child({ forward: spec.id }),
      onChange: () => this.emit(f),
      ...(this.o.now ? { now: this.o.now } : {}),
      ...(this.o.clusterPollMs !== undefined ? { clusterPollMs: this.o.clusterPollMs } : {}),
      ...(this.o.holdMs !== undefined ? { holdMs: this.o.holdMs } : {}),
      env: this.o.env,
    });
    return f;
  }

  private persist(specs: ForwardSpec[]) {
    this.o.storage.write(upsertSpecs(this.o.storage.read(), specs));
  }

  private emit(f: Forward) {
    const status = this.statusOf(f);
    this.lastEmittedTraffic.set(f.spec.id, JSON.stringify(status.traffic));
    this.o.onChanged(f.spec.id, status);
  }

  private sample() {
    const at = this.now();
    for (const f of this.forwards.values()) {
      if (!f.isRunning) continue;
      const s = f.status();
      this.samples.add(f.spec.id, at, s.traffic);
      if (this.lastEmittedTraffic.get(f.spec.id) !== JSON.stringify(s.traffic)) this.emit(f);
      if (s.traffic.openConnections > 0) {
        f.lastActivityAt = at;
        continue;
      }
      const idle = idleStopReason(f.spec.idleStop, f.lastActivityAt, at);
      if (!idle) continue;
      this.o.log.info('forward idle, stopping', { id: f.spec.id, afterMs: f.spec.idleStop.afterMs });
      background(f.stop(idle), this.o.log, `idle stop ${f.spec.id}`);
    }
  }
}
