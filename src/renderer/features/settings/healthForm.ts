import type { HealthSettingsView } from '../../../shared/contract';
import type { HealthConfig, HealthConfigOverride } from '../../../shared/domain/healthConfig';

/** The numeric settings the form edits, in the order shown, with their labels and units. */
export const NUMBER_FIELDS = [
  { key: 'probeInterval', label: 'Probe every', unit: 's' },
  { key: 'probeTimeout', label: 'Probe timeout', unit: 's' },
  { key: 'interval', label: 'Full check every', unit: 's' },
  { key: 'timeout', label: 'Full check timeout', unit: 's' },
  { key: 'retryAttempts', label: 'Retries', unit: '' },
  { key: 'retryDelay', label: 'Retry delay', unit: 's' },
  { key: 'failureThreshold', label: 'Failures before Unhealthy', unit: '' },
  { key: 'successThreshold', label: 'Successes before Healthy', unit: '' },
] as const;
export type NumberKey = (typeof NUMBER_FIELDS)[number]['key'];

/** The per-check switches; `localPort` is the name LocalPort users know (a tooltip, not the label). */
export const CHECK_FIELDS = [
  { key: 'clusterInfo', label: 'Cluster info', localPort: 'cluster_info' },
  { key: 'podStatus', label: 'Pod status', localPort: 'pod_status' },
  { key: 'nodeStatus', label: 'Node status', localPort: 'node_status' },
  { key: 'eventsOnFailure', label: 'Events on failure', localPort: 'events_on_failure' },
] as const;
export type CheckKey = (typeof CHECK_FIELDS)[number]['key'];

/** What the inputs hold: numbers as typed (the engine judges them), switches as booleans. */
export interface HealthDraft {
  enabled: boolean;
  numbers: Record<NumberKey, string>;
  checks: Record<CheckKey, boolean>;
  /** Namespaces to watch without cluster-wide access, as typed (comma or space separated). */
  watchNamespaces: string;
}

/** The label of the namespaces field (also the words engine messages about it are put in). */
export const WATCH_NAMESPACES_LABEL = 'Namespaces to watch';

/** The names typed in the namespaces field, in order; the engine judges each. */
export function namespacesTyped(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function draftFrom(effective: HealthConfig): HealthDraft {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((f) => [f.key, String(effective[f.key])]));
  return {
    enabled: effective.enabled,
    numbers: numbers as HealthDraft['numbers'],
    checks: { ...effective.checks },
    watchNamespaces: (effective.watchNamespaces ?? []).join(', '),
  };
}

/**
 * The overrides to send: the context's existing ones (settings the form does not show, such as
 * namespaces, are kept), with each edited field set when it differs from the default and
 * dropped when it equals it. Text that is not a number is sent as typed, so the engine's
 * message names the field and its range.
 */
export function overridesFrom(draft: HealthDraft, view: HealthSettingsView): Record<string, unknown> {
  const out: Record<string, unknown> = { ...view.overrides };
  const set = (key: keyof HealthConfigOverride, value: unknown, fallback: unknown) => {
    if (value === fallback) delete out[key];
    else out[key] = value;
  };
  set('enabled', draft.enabled, view.defaults.enabled);
  for (const { key } of NUMBER_FIELDS) {
    const text = draft.numbers[key].trim();
    if (text === '') delete out[key];
    else set(key, Number.isFinite(Number(text)) ? Number(text) : text, view.defaults[key]);
  }
  const checks: Record<string, boolean> = {};
  for (const { key } of CHECK_FIELDS)
    if (draft.checks[key] !== view.defaults.checks[key]) checks[key] = draft.checks[key];
  if (Object.keys(checks).length) out.checks = checks;
  else delete out.checks;
  const names = namespacesTyped(draft.watchNamespaces);
  if (names.length) out.watchNamespaces = names;
  else delete out.watchNamespaces;
  return out;
}

/** Each setting's key as the engine names it, with the words its label shows. */
const LABEL_OF: ReadonlyMap<string, string> = new Map<string, string>([
  ...NUMBER_FIELDS.map((f): [string, string] => [f.key, f.unit ? `${f.label} (${f.unit})` : f.label]),
  ...CHECK_FIELDS.map((f): [string, string] => [f.key, f.label]),
  ['watchNamespaces', WATCH_NAMESPACES_LABEL],
]);

/**
 * An engine message in the form's own words: the setting key it starts with, and any
 * camelCase or `checks.` key inside it (`probeInterval`, `checks.nodeStatus`), becomes the
 * label the user sees ("Probe every (s)", "Node status"). Keys that are plain words
 * (`interval`, `timeout`) are only replaced at the start, where the engine puts the key.
 */
export function inLabelWords(message: string): string {
  return message.replace(
    /(^|\b)(checks\.)?([a-zA-Z]+)\b/g,
    (whole, start: string, checks: string | undefined, key: string, at: number) => {
      const label = LABEL_OF.get(key);
      const keyLike = at === 0 || checks !== undefined || /[a-z][A-Z]/.test(key);
      return label && keyLike ? `${start}${label}` : whole;
    },
  );
}
