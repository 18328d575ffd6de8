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
    remotePort: asPort(fields.remotePort),
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
 * Checks a draft with the engine's own schema (shared code), plus one thing only the page can
 * know: a namespace the cluster does not have. `namespaces` is undefined when not known.
 */
export function validateDraft(fields: ForwardFields, namespaces: readonly string[] | undefined): FieldErrors {
  const errors: FieldErrors = {};
  const r = ForwardDraftSchema.safeParse(draftOf(fields));
  if (!r.success) {
    for (const issue of r.error.issues) {
      const f = fieldOf(issue.path.map(String).join('.'));
      errors[f] ??= issue.message;
    }
  }
  const ns = fields.namespace.trim();
  if (!errors.namespace && namespaces && ns && !namespaces.includes(ns)) {
    errors.namespace = `Namespace "${ns}" does not exist in ${fields.context}`;
  }
  return errors;
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
