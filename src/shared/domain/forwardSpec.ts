import { z } from 'zod';
import { dnsMessage, isDns1123Label, LABEL_RULE } from './kubeNames';
import { MAX_FORWARD_DRAFT_CHARS, MAX_FORWARD_DRAFT_KEYS, MAX_HINT_LENGTH, MAX_TAGS } from './forwardBounds';
import { ForwardEngineSchema } from './forwardEngine';
import { formatTarget, ForwardTargetSchema, parseTarget, type ForwardTarget } from './forwardTarget';
import {
  BindAddressSchema,
  DEFAULT_BIND_ADDRESS,
  isLoopbackAddress,
  LocalPortSchema,
  RemotePortSchema,
} from './forwardAddresses';
import {
  DEFAULT_IDLE_STOP,
  idleShape,
  IdleStopSchema,
  ProbeDraftSchema,
  ProbeSchema,
  RestartPolicyDraftSchema,
  RestartPolicySchema,
} from './forwardPolicies';

// The forward spec: the fully-defaulted, validated ForwardSpec the engine runs, the draft users
// and importers describe, and the stable id a forward gets from what it points at.

/** A forward id: letters, digits, ".", "_", ":" or "-", at most 128. */
export const ForwardIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'Id must be 1–128 letters, digits, ".", "_", ":" or "-"');

// Names and tags are shown in a menu: no control characters, no surrounding blanks.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A display name: 1–100 characters, trimmed, no control characters. */
export const ForwardNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'Name must not contain control characters');

/** A kubeconfig context name (any text kubectl accepts, e.g. an EKS ARN). */
export const ContextNameSchema = z
  .string()
  .min(1, 'Context is required')
  .max(1024, 'Context name must be at most 1024 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'Context name must not contain control characters');

/** A namespace: a DNS-1123 label. */
export const NamespaceSchema = z
  .string()
  .min(1, 'Namespace is required')
  .refine(isDns1123Label, {
    error: (i) => dnsMessage('Namespace', String(i.input), 'DNS-1123 label', LABEL_RULE),
  });

// A description may span lines; other control characters (terminal escapes) are refused.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const DescriptionSchema = z
  .string()
  .max(500, 'Description must be at most 500 characters')
  .refine((v) => !CONTROL_CHARS_EXCEPT_LINES.test(v), 'Description must not contain control characters');

/** Where the source tool said the context lives: a path, bounded and without control characters. */
const KubeconfigHintSchema = z
  .string()
  .max(MAX_HINT_LENGTH, `Kubeconfig hint must be at most ${MAX_HINT_LENGTH} characters`)
  .refine((v) => !CONTROL_CHARS.test(v), 'Kubeconfig hint must not contain control characters');

const TagSchema = z
  .string()
  .trim()
  .min(1, 'Tags must not be empty')
  .max(64, 'Tags must be at most 64 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'Tags must not contain control characters');

const TagsSchema = z.array(TagSchema).max(MAX_TAGS, `A forward may have at most ${MAX_TAGS} tags`);

/**
 * The one control that keeps a non-loopback bind: the import view's checkbox (the CLI's
 * `--allow-non-loopback`). Messages name it by this label; the forward form has no such control.
 */
export const ALLOW_NON_LOOPBACK_CONTROL = 'Allow non-loopback bind';

/** Loopback is the default; anything else needs the explicit opt-in (and then earns a warning). */
export function nonLoopbackProblem(bindAddress: string, allowNonLoopback: boolean): string | undefined {
  if (allowNonLoopback || isLoopbackAddress(bindAddress)) return undefined;
  return `Bind address "${bindAddress}" is not loopback: it would expose the forward to other machines; only an import confirmed with --allow-non-loopback or "${ALLOW_NON_LOOPBACK_CONTROL}" in the import view keeps one`;
}

function bindAddressAllowed(
  spec: { bindAddress: string; allowNonLoopback: boolean },
  ctx: z.RefinementCtx,
): void {
  const problem = nonLoopbackProblem(spec.bindAddress, spec.allowNonLoopback);
  if (problem) ctx.addIssue({ code: 'custom', path: ['bindAddress'], message: problem });
}

const specShape = {
  id: ForwardIdSchema,
  name: ForwardNameSchema,
  description: DescriptionSchema.optional(),
  context: ContextNameSchema,
  namespace: NamespaceSchema,
  target: ForwardTargetSchema,
  remotePort: RemotePortSchema,
  localPort: LocalPortSchema,
  bindAddress: BindAddressSchema,
  /** Explicit opt-in for a bind address other than loopback. */
  allowNonLoopback: z.boolean(),
  probe: ProbeSchema,
  restart: RestartPolicySchema,
  idleStop: IdleStopSchema,
  tags: TagsSchema,
  startAtLaunch: z.boolean(),
  /** Off: kept in the list but never started or restarted. */
  enabled: z.boolean(),
  /**
   * What carries this forward: the engine's own tunnel or a `kubectl port-forward` child;
   * absent, the engine's setting decides.
   */
  forwardEngine: ForwardEngineSchema.optional(),
  /**
   * Where the source tool said the context lives (e.g. kftray's kubeconfig path). A hint only:
   * the engine resolves `context` in the user's own kubeconfig.
   */
  kubeconfigHint: KubeconfigHintSchema.optional(),
};

/**
 * The spec's fields without the cross-field bind-address rule: zod 4 refuses `.pick()` /
 * `.partial()` on refined objects, so contracts derive from this (e.g. `.pick({ id: true })`).
 */
export const ForwardSpecObjectSchema = z.object(specShape);

/** A complete, validated port-forward: what the engine runs and what is stored. */
export const ForwardSpecSchema = ForwardSpecObjectSchema.superRefine(bindAddressAllowed);
export type ForwardSpec = z.infer<typeof ForwardSpecSchema>;

// A target given as text is parsed here so its errors land on the `target` field.
const TargetDraftSchema = z
  .custom<string | ForwardTarget>((v) => typeof v === 'string' || (typeof v === 'object' && v !== null), {
    error: 'Target must be text such as "service/api" or a target object',
  })
  .transform((value, ctx): ForwardTarget => {
    if (typeof value === 'string') {
      const parsed = parseTarget(value);
      if (parsed.ok) return parsed.target;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    const parsed = ForwardTargetSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });

/**
 * What a user or an importer gives: only name, context, target and remote port are required;
 * the target may be text (`svc/api`); everything else defaults (loopback bind, auto local port,
 * TCP probe, LocalPort's restart policy, idle stop off). `id` is generated when absent.
 */
export const ForwardDraftSchema = z
  .object({
    ...specShape,
    id: ForwardIdSchema.optional(),
    namespace: NamespaceSchema.default('default'),
    target: TargetDraftSchema,
    localPort: LocalPortSchema.default('auto'),
    bindAddress: BindAddressSchema.default(DEFAULT_BIND_ADDRESS),
    allowNonLoopback: z.boolean().default(false),
    probe: ProbeDraftSchema.prefault({ type: 'tcp' }),
    restart: RestartPolicyDraftSchema.prefault({}),
    idleStop: z
      .object({
        enabled: idleShape.enabled.default(DEFAULT_IDLE_STOP.enabled),
        afterMs: idleShape.afterMs.default(DEFAULT_IDLE_STOP.afterMs),
      })
      .prefault({}),
    tags: TagsSchema.default([]),
    startAtLaunch: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .superRefine(bindAddressAllowed);
/** Input accepted by {@link ForwardDraftSchema}. */
export type ForwardDraft = z.input<typeof ForwardDraftSchema>;

/**
 * A draft as it arrives from a client, before validation: a plain record of bounded size.
 * Cyclic or non-JSON data is refused here rather than thrown on later.
 */
export const ForwardDraftRecordSchema = z.record(z.string(), z.unknown()).superRefine((record, ctx) => {
  const keys = Object.keys(record).length;
  if (keys > MAX_FORWARD_DRAFT_KEYS) {
    ctx.addIssue({
      code: 'custom',
      message: `A forward has at most ${MAX_FORWARD_DRAFT_KEYS} fields (got ${keys})`,
    });
    return;
  }
  let size: number;
  try {
    size = JSON.stringify(record).length;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'A forward must be plain data (no cycles)' });
    return;
  }
  if (size > MAX_FORWARD_DRAFT_CHARS) {
    ctx.addIssue({
      code: 'custom',
      message: `The forward is too large (${size} characters; at most ${MAX_FORWARD_DRAFT_CHARS})`,
    });
  }
});

// Ids.

// 64-bit FNV-1a over the UTF-16 code units: deterministic, no crypto, same in every runtime.
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * A stable id for a forward from what identifies it (name, context, namespace, target): the same
 * entry imported twice gets the same id. Shape: `fwd-<slug of name>-<16 hex>`.
 */
export function forwardId(parts: {
  name: string;
  context: string;
  namespace: string;
  target: ForwardTarget;
}): string {
  const key = [parts.name, parts.context, parts.namespace, formatTarget(parts.target)].join('\u0000');
  const slug = parts.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug ? `fwd-${slug}-${fnv1a64(key)}` : `fwd-${fnv1a64(key)}`;
}
