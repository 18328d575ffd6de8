import type { CatalogTarget } from '../../../shared/contract';
import type { ForwardSpec } from '../../../shared/domain/forward';
import { ForwardDraftSchema, parseTarget } from '../../../shared/domain/forward';

/** The form's fields, as typed. */
export interface ForwardFields {
  name: string;
  context: string;
  namespace: string;
  target: string;
  remotePort: string;
  localPort: string;
}

/** Field name → the first problem with it. */
export type FieldErrors = Partial<Record<keyof ForwardFields | 'form', string>>;

/** The fields for an existing forward (or empty ones for a new one). */
export function fieldsOf(spec: ForwardSpec | undefined, context = ''): ForwardFields {
  if (!spec)
    return { name: '', context, namespace: 'default', target: '', remotePort: '', localPort: 'auto' };
  const t = spec.target;
  const target =
    t.kind === 'selector'
      ? t.selector
      : `${{ service: 'svc', pod: 'pod', deployment: 'deploy' }[t.kind]}/${t.name}`;
  return {
    name: spec.name,
    context: spec.context,
    namespace: spec.namespace,
    target,
    remotePort: String(spec.remotePort),
    localPort: String(spec.localPort),
  };
}

const asPort = (v: string): number | string => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());

/** The draft the engine's `forwards:save` takes: the existing spec with the form's fields over it. */
export function draftOf(fields: ForwardFields, base?: ForwardSpec): Record<string, unknown> {
  return {
    ...(base ?? {}),
    name: fields.name,
    context: fields.context,
    namespace: fields.namespace.trim(),
    target: fields.target.trim(),
    // Left out when empty, so the engine too says "Remote port is required".
    ...(fields.remotePort.trim() === ''
      ? { remotePort: undefined }
      : { remotePort: asPort(fields.remotePort) }),
    localPort: fields.localPort.trim() === '' ? 'auto' : asPort(fields.localPort),
  };
}

const FIELDS: readonly (keyof ForwardFields)[] = [
  'name',
  'context',
  'namespace',
  'target',
  'remotePort',
  'localPort',
];

/** Maps a path such as `target.name` or `remotePort` onto the form field it belongs to. */
export function fieldOf(path: string): keyof ForwardFields | 'form' {
  const head = path.split('.')[0] ?? '';
  return (FIELDS as readonly string[]).includes(head) ? (head as keyof ForwardFields) : 'form';
}

/**
 * Checks a draft with the engine's own schema (shared code). The namespace only has to be a
 * valid name: whether it exists is the cluster's business (see `namespaceWarning`), and a
 * forward to a namespace that appears later simply waits for it.
 */
export function validateDraft(fields: ForwardFields): FieldErrors {
  const errors: FieldErrors = {};
  const r = ForwardDraftSchema.safeParse(draftOf(fields));
  if (!r.success) {
    for (const issue of r.error.issues) {
      const f = fieldOf(issue.path.map(String).join('.'));
      errors[f] ??= issue.message;
    }
  }
  if (fields.remotePort.trim() === '') errors.remotePort = 'Remote port is required';
  return errors;
}

/**
 * After an edit: the errors shown, with the edited field's own error re-checked (cleared once
 * it is fixed, updated while it is still wrong). Fields without a shown error stay quiet.
 */
export function recheckField(
  shown: FieldErrors,
  fields: ForwardFields,
  field: keyof ForwardFields,
): FieldErrors {
  if (!shown[field]) return shown;
  const now = validateDraft(fields)[field];
  const next = { ...shown };
  if (now) next[field] = now;
  else delete next[field];
  return next;
}

/** Namespaces to suggest, and what is known about them. */
export interface NamespaceHints {
  /** Every namespace of the context, when the user may list them; undefined otherwise. */
  listed: readonly string[] | undefined;
  /** The context's own namespace (kubeconfig). */
  contextNamespace: string | undefined;
  /** Namespaces of the pods the monitor saw; undefined when it saw none (not monitored). */
  seen: readonly string[] | undefined;
}

/** The namespace suggestions: the listed ones, else the context's namespace and those pods are in. */
export function namespaceSuggestions(h: NamespaceHints): string[] {
  if (h.listed) return [...h.listed];
  const out = new Set<string>();
  if (h.contextNamespace) out.add(h.contextNamespace);
  for (const n of h.seen ?? []) out.add(n);
  return [...out].sort();
}

/** A warning (never a block) when nothing says the namespace exists yet; undefined when fine or unknown. */
export function namespaceWarning(namespace: string, context: string, h: NamespaceHints): string | undefined {
  const ns = namespace.trim();
  if (!ns || !context) return undefined;
  if (h.listed) {
    return h.listed.includes(ns)
      ? undefined
      : `No namespace "${ns}" in ${context} yet: the forward will wait for it.`;
  }
  if (h.seen && h.seen.length > 0 && !h.seen.includes(ns) && ns !== h.contextNamespace)
    return `No pods seen in ${ns} yet.`;
  return undefined;
}

const SHORT_KIND = { service: 'svc', deployment: 'deploy', pod: 'pod' } as const;

/** The text the target field takes for a catalog entry: `svc/web`, `deploy/api`, `pod/api-1`. */
export const targetText = (t: Pick<CatalogTarget, 'kind' | 'name'>): string =>
  `${SHORT_KIND[t.kind]}/${t.name}`;

/** The catalog entry the typed target names (any kubectl alias: `service/web` = `svc/web`). */
export function catalogEntryOf(
  targets: readonly CatalogTarget[] | undefined,
  text: string,
): CatalogTarget | undefined {
  const parsed = parseTarget(text);
  if (!parsed.ok || parsed.target.kind === 'selector') return undefined;
  const { kind, name } = parsed.target;
  return targets?.find((t) => t.kind === kind && t.name === name);
}

/** One remote-port choice: a named port is offered by name (the spec accepts it), shown with its number. */
export interface PortChoice {
  value: string;
  label: string;
}

/** The remote-port choices of a target: `http (8080)` → "http"; an unnamed port → its number. */
export function portChoices(target: CatalogTarget | undefined): PortChoice[] {
  const choices = (target?.ports ?? []).map((p) =>
    p.name
      ? { value: p.name, label: `${p.name} (${p.port})` }
      : { value: String(p.port), label: String(p.port) },
  );
  // The same port over TCP and UDP is one choice: kubectl forwards TCP only.
  return choices.filter((c, i) => choices.findIndex((o) => o.value === c.value) === i);
}
