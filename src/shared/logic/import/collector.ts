import {
  ALLOW_NON_LOOPBACK_CONTROL,
  DEFAULT_BIND_ADDRESS,
  forwardId,
  validateForwardSpec,
} from '../../domain/forward';
import type { FieldError, ForwardDraft, ForwardSpec } from '../../domain/forward';
import { findCollision } from './conflicts';
import type { PortClaim } from './conflicts';
import { placeholderNames } from './envExpand';
import { isMaskedValue, MASKED } from '../forwards/headerMask';
import { uniqueName } from './names';
import type { ImportEntry, ImportFormat, ImportOutcome, ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';

/** One source entry turned into a draft, waiting for validation. */
export interface Candidate {
  /** How messages name the entry (its name in the file, made unique). */
  entry: string;
  /** The draft; `context` may be absent when `contextProblem` says why. */
  draft: Omit<ForwardDraft, 'context'> & { context?: string };
  /** Why no context could be chosen; the rest of the entry is still checked. */
  contextProblem?: string;
  /**
   * The context as the file names it, before the context map. A generated id derives from it,
   * so importing the file again with a mapping lands on the same forward (a remap).
   */
  sourceContext?: string;
}

/**
 * Result of choosing a context for an entry: the context (after the caller's map) and the name
 * the file gave it, or why there is none.
 */
export type ContextChoice = { context: string; source?: string } | { problem: string };

/** The candidate fields for a context choice (what `add` takes beside the draft). */
export function contextFields(choice: ContextChoice): Pick<Candidate, 'contextProblem' | 'sourceContext'> {
  if ('problem' in choice) return { contextProblem: choice.problem };
  return choice.source !== undefined ? { sourceContext: choice.source } : {};
}

// Stands in for an unresolved context so the rest of the entry can still be validated.
const PLACEHOLDER_CONTEXT = 'unresolved';

interface Claim extends PortClaim {
  entry: string;
}

interface Accepted {
  spec: ForwardSpec;
  entry: string;
  /** The file gave the id (Tether JSON): it is kept. */
  explicitId: boolean;
  /** The context a generated id derives from: the file's, before the context map. */
  idContext: string;
}

/**
 * Gathers what an importer found and turns it into an ImportResult: validates every draft,
 * reports local-port conflicts (naming both entries), renames duplicate names and assigns ids.
 */
export class ImportCollector {
  readonly #format: ImportFormat;
  readonly #options: ImportOptions;
  // Errors and drafts in file order, so the finished error list follows the file.
  readonly #queue: ({ error: ImportResult['errors'][number] } | { candidate: Candidate })[] = [];
  readonly #unsupported: ImportResult['unsupported'] = [];
  readonly #warnings: string[] = [];
  readonly #downgraded = new Map<string, string>();
  #boundToCurrent = 0;

  constructor(format: ImportFormat, options: ImportOptions) {
    this.#format = format;
    this.#options = options;
  }

  /** Records an entry Tether cannot run. */
  unsupported(entry: string, reason: string): void {
    this.#unsupported.push({ entry, reason });
  }

  /** Records a problem with an entry (or with the file, as entry "file"). */
  error(entry: string, message: string): void {
    this.#queue.push({ error: { entry, message } });
  }

  /** Records a warning once (the same sentence from five entries is said once). */
  warn(message: string): void {
    if (!this.#warnings.includes(message)) this.#warnings.push(message);
  }

  /**
   * Records that an entry's non-loopback bind address was replaced by 127.0.0.1 (the importer
   * drops it from the draft), with a warning saying how to keep it.
   */
  downgradeBind(entry: string, from: string, tool: string): void {
    this.#downgraded.set(entry, from);
    this.warn(
      `${entry}: ${tool} bound it to ${from}; it was imported on ${DEFAULT_BIND_ADDRESS} so it is not reachable from other machines (to keep ${from}, import again with --allow-non-loopback, or tick "${ALLOW_NON_LOOPBACK_CONTROL}" in the import view)`,
    );
  }

  /** True when the user confirmed keeping non-loopback binds from the file. */
  get allowNonLoopback(): boolean {
    return this.#options.allowNonLoopback === true;
  }

  /** Queues a draft for validation. */
  add(candidate: Candidate): void {
    this.#queue.push({ candidate });
  }

  /** The context an entry runs in: its own (through the context map), else kubectl's current one. */
  chooseContext(source: string | undefined): ContextChoice {
    if (source !== undefined && source.trim() !== '') return { context: this.mapContext(source), source };
    const current = this.#options.currentContext;
    if (current !== undefined && current !== '') {
      this.#boundToCurrent++;
      return { context: current };
    }
    return { problem: 'No context is given and the current kube context is not known' };
  }

  /** The caller's mapping for a source context (or Kube Forwarder cluster name), if any. */
  mappedContext(source: string): string | undefined {
    const map = this.#options.contextMap;
    return map && Object.prototype.hasOwnProperty.call(map, source) ? map[source] : undefined;
  }

  /** Whether a context is in the user's kubeconfig (undefined when the caller did not say). */
  isKnownContext(context: string): boolean | undefined {
    return this.#options.knownContexts?.includes(context);
  }

  /** Applies the caller's context map. */
  mapContext(source: string): string {
    return this.mappedContext(source) ?? source;
  }

  /**
   * Validates the queued drafts and returns the result. `extra` sees the accepted forwards and
   * may add format-specific output (LocalPort's cluster health) and warnings through `warn`.
   */
  finish(extra?: (forwards: readonly ForwardSpec[]) => Pick<ImportResult, 'clusterHealth'>): ImportResult {
    const accepted: Accepted[] = [];
    const claims: Claim[] = [];
    const errors: ImportResult['errors'] = [];
    const fail = (entry: string, message: string): void => {
      errors.push({ entry, message });
    };
    for (const item of this.#queue) {
      if ('error' in item) {
        errors.push(item.error);
        continue;
      }
      const { candidate } = item;
      const { entry, contextProblem } = candidate;
      if (contextProblem) fail(entry, contextProblem);
      const draft = withoutApprovals(candidate.draft);
      // A context missing from the kubeconfig does not fail the entry: it is imported, marked,
      // and cannot start until it is mapped to one of the user's contexts.
      const checked = validateForwardSpec(
        contextProblem ? { ...draft, context: PLACEHOLDER_CONTEXT } : draft,
      );
      if (!checked.ok) {
        for (const e of checked.errors) fail(entry, fieldMessage(e));
        continue;
      }
      for (const w of checked.warnings) this.warn(w);
      // An entry without a context still claims its port, so a conflict shows now rather than
      // after the user has given it one.
      const clash = findCollision(checked.spec, claims);
      if (clash) {
        fail(
          entry,
          `Local port ${String(checked.spec.localPort)} is also used by "${clash.entry}" in this file; only "${clash.entry}" keeps it`,
        );
        continue;
      }
      claims.push({ entry, localPort: checked.spec.localPort, bindAddress: checked.spec.bindAddress });
      if (contextProblem) continue;
      const explicitId = candidate.draft.id !== undefined;
      const idContext = candidate.sourceContext ?? checked.spec.context;
      const spec =
        !explicitId && idContext !== checked.spec.context
          ? { ...checked.spec, id: forwardId({ ...checked.spec, context: idContext }) }
          : checked.spec;
      accepted.push({ spec, explicitId, idContext, entry });
    }

    const forwards = this.#rename(accepted).map((spec) => this.#approve(spec));
    for (const spec of forwards) this.#warnMasked(spec);
    const entries: ImportEntry[] = accepted.map(({ entry }, i) => this.#entry(entry, forwards[i]));
    if (this.#boundToCurrent > 0) {
      const n = this.#boundToCurrent;
      this.warn(
        `${n} ${n === 1 ? 'entry names' : 'entries name'} no context and ${n === 1 ? 'was' : 'were'} bound to the current context "${this.#options.currentContext ?? ''}"`,
      );
    }
    const more = extra?.(forwards) ?? {};
    return {
      format: this.#format,
      forwards,
      unsupported: [...this.#unsupported],
      errors,
      warnings: [...this.#warnings],
      entries,
      ...(more.clusterHealth ? { clusterHealth: more.clusterHealth } : {}),
    };
  }

  // An export shows header values masked; imported as new, the probe would send the mask.
  #warnMasked(spec: ForwardSpec): void {
    if (spec.probe.type !== 'http') return;
    for (const [name, value] of Object.entries(spec.probe.headers)) {
      if (isMaskedValue(value)) {
        this.warn(
          `"${spec.name}": probe header "${name}" was exported without its value (${MASKED}); replacing a forward keeps the value it holds, a new one sends ${MASKED} until a file with the value is imported`,
        );
      }
    }
  }

  // Approved variables are recorded on the probe, limited to those its header values use.
  #approve(spec: ForwardSpec): ForwardSpec {
    const probe = spec.probe;
    if (probe.type !== 'http') return spec;
    const used = headerVariables(probe.headers);
    const approved = used.filter((n) => this.#options.approveVariables?.includes(n));
    return approved.length > 0 ? { ...spec, probe: { ...probe, variables: approved } } : spec;
  }

  #entry(entry: string, spec: ForwardSpec | undefined): ImportEntry {
    const outcomes: ImportOutcome[] = [{ kind: 'new' }];
    const known = this.#options.knownContexts;
    if (spec && known && !known.includes(spec.context)) {
      outcomes.push({ kind: 'context-not-in-kubeconfig', context: spec.context });
    }
    const from = this.#downgraded.get(entry);
    if (from !== undefined) outcomes.push({ kind: 'bind-downgraded', from, to: DEFAULT_BIND_ADDRESS });
    if (spec?.probe.type === 'http') {
      const names = headerVariables(spec.probe.headers);
      if (names.length > 0) {
        outcomes.push({ kind: 'variables-to-approve', names, approved: spec.probe.variables ?? [] });
      }
    }
    return { entry, ...(spec ? { id: spec.id } : {}), outcomes };
  }

  // Duplicate names become "name-2"…; generated ids follow the new name; ids stay unique.
  #rename(accepted: readonly Accepted[]): ForwardSpec[] {
    const names = new Set<string>();
    const ids = new Set<string>();
    return accepted.map(({ spec, explicitId, idContext }) => {
      let out = spec;
      const name = uniqueName(spec.name, names);
      if (name !== spec.name) {
        this.warn(`Two entries are named "${spec.name}": the later one was renamed "${name}"`);
        out = { ...out, name, id: explicitId ? out.id : forwardId({ ...out, name, context: idContext }) };
      }
      names.add(name);
      if (ids.has(out.id)) {
        const id = uniqueName(out.id.slice(0, 120), ids); // room for the suffix within 128
        this.warn(`Id "${out.id}" appears twice: "${name}" now has id "${id}"`);
        out = { ...out, id };
      }
      ids.add(out.id);
      return out;
    });
  }
}

/** The variables a probe's header values use (names are never expanded). */
export function headerVariables(headers: Readonly<Record<string, string>>): string[] {
  return placeholderNames(Object.values(headers).join('\n'));
}

// Approvals come from the user at import time, never from the file.
function withoutApprovals(draft: Candidate['draft']): Candidate['draft'] {
  const probe = draft.probe as Record<string, unknown> | undefined;
  if (typeof probe !== 'object' || probe === null || !('variables' in probe)) return draft;
  const { variables: _dropped, ...rest } = probe;
  return { ...draft, probe: rest as Candidate['draft']['probe'] };
}

// Field messages already name their field ("Namespace … is not valid"); zod's generic ones don't.
function fieldMessage(error: FieldError): string {
  return error.message.startsWith('Invalid input') && error.field
    ? `${error.field}: ${error.message}`
    : error.message;
}
