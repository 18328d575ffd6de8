import { z } from 'zod';

/** A command that takes no arguments (and refuses any). */
export const NoArgs = z.object({}).strict();
/** A kubeconfig context name as a request field. */
export const ContextName = z.string().min(1).max(253);
