import { z } from 'zod';

/** Error codes every transport can return. A caller switches on `code`, shows `message`. */
export const ContractErrorCodeSchema = z.enum([
  /** The payload did not match the channel's request schema. */
  'bad-request',
  /** No such channel in the contract. */
  'unknown-channel',
  /** The sender is not the app's own top frame, or the token is wrong. */
  'forbidden',
  /** The thing named does not exist (context, forward…). */
  'not-found',
  /** The request was well-formed but cannot be done now (port in use…). */
  'conflict',
  /** The engine answered with something that breaks the contract. */
  'bad-response',
  /** The transport is down (WebSocket closed, window reloading). */
  'disconnected',
  /** Anything else: a bug, logged on the engine side. */
  'internal',
]);
export type ContractErrorCode = z.infer<typeof ContractErrorCodeSchema>;

/** A field-level problem, e.g. `{ path: 'localPort', message: 'must be 1–65535' }`. */
export const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

export const ContractErrorSchema = z.object({
  code: ContractErrorCodeSchema,
  message: z.string(),
  issues: z.array(FieldIssueSchema).optional(),
});
export type ContractErrorShape = z.infer<typeof ContractErrorSchema>;

/** Thrown by handlers and clients; travels as its plain shape. */
export class ContractError extends Error {
  readonly code: ContractErrorCode;
  readonly issues: FieldIssue[] | undefined;
  constructor(code: ContractErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
    this.issues = issues;
  }
  toShape(): ContractErrorShape {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
  static from(shape: ContractErrorShape): ContractError {
    return new ContractError(shape.code, shape.message, shape.issues);
  }
}

/** The reply envelope every command returns over every transport: never a thrown error. */
export const ReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ContractErrorSchema }),
]);
export type Reply = z.infer<typeof ReplySchema>;

/** zod issues → field issues a form can show next to each field. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(payload)', message: i.message }));
}
