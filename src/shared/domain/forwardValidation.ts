import type { z } from 'zod';
import { BindAddressSchema, isLoopbackAddress, isWildcardAddress } from './forwardAddresses';
import { ForwardDraftSchema, forwardId, nonLoopbackProblem, type ForwardSpec } from './forwardSpec';

// Validating a forward draft into a ForwardSpec, with one message per field a person can act on.

/** One problem with one field; `field` is a dotted path such as `probe.path` ("" for the whole spec). */
export interface FieldError {
  field: string;
  message: string;
}

/** Result of {@link validateForwardSpec}. */
export type ForwardValidation =
  | { ok: true; spec: ForwardSpec; warnings: string[] }
  | { ok: false; errors: FieldError[]; warnings: string[] };

/** Options for {@link validateForwardSpec}. */
export interface ValidateOptions {
  /** The contexts in the user's kubeconfig; when given, `context` must be one of them. */
  knownContexts?: readonly string[];
}

function listForMessage(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  context: 'Context',
  target: 'Target',
  remotePort: 'Remote port',
  'probe.type': 'Probe type',
};

function requiredMessage(field: string): string {
  return `${FIELD_LABELS[field] ?? field} is required`;
}

// zod's generic "expected string, received undefined" becomes "Name is required".
const requiredFieldMessages = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code !== 'invalid_type' || issue.input !== undefined) return undefined;
  return requiredMessage((issue.path ?? []).map(String).join('.'));
};

/**
 * Validates a draft (or a full spec) and fills in defaults and the id. Returns every problem per
 * field, with messages fit to show beside the field; warns about a non-loopback bind address.
 */
export function validateForwardSpec(input: unknown, options: ValidateOptions = {}): ForwardValidation {
  const warnings: string[] = [];
  const errors: FieldError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'A forward must be an object' }], warnings };
  }
  const parsed = ForwardDraftSchema.safeParse(input, { error: requiredFieldMessages });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      // Fields with their own error (target, ports) would otherwise explain formats to someone who left them out.
      const missing = issue.path.length === 1 && fieldOf(input, field) === undefined;
      errors.push({ field, message: missing ? requiredMessage(field) : issue.message });
    }
    // Object-level rules only run on otherwise valid input; a form wants them all at once.
    const bindProblem = rawBindProblem(input);
    if (bindProblem && !errors.some((e) => e.field === 'bindAddress')) {
      errors.push({ field: 'bindAddress', message: bindProblem });
    }
  }
  const known = options.knownContexts;
  const context = parsed.success ? parsed.data.context : fieldOf(input, 'context');
  if (known && typeof context === 'string' && context !== '' && !known.includes(context)) {
    errors.push({
      field: 'context',
      message:
        known.length === 0
          ? `Context "${context}" is unknown: no contexts are known (is the kubeconfig empty?)`
          : `Context "${context}" is not in your kubeconfig; known contexts: ${listForMessage(known)}`,
    });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors, warnings };

  const { id, ...draft } = parsed.data;
  if (!isLoopbackAddress(draft.bindAddress)) {
    warnings.push(
      isWildcardAddress(draft.bindAddress)
        ? `"${draft.name}" binds to ${draft.bindAddress}: every machine that can reach this one can use the forward`
        : `"${draft.name}" binds to ${draft.bindAddress}, not loopback: other machines may reach the forward`,
    );
  }
  return { ok: true, spec: { id: id ?? forwardId(draft), ...draft }, warnings };
}

function fieldOf(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
}

function rawBindProblem(input: unknown): string | undefined {
  const address = fieldOf(input, 'bindAddress');
  if (typeof address !== 'string' || !BindAddressSchema.safeParse(address).success) return undefined;
  return nonLoopbackProblem(address, fieldOf(input, 'allowNonLoopback') === true);
}
