import { z } from 'zod';

/** How a kubeconfig user authenticates — the kind only, never the secret itself. */
export const AuthKindSchema = z.enum([
  'exec',
  'token',
  'token-file',
  'client-certificate',
  'basic',
  'auth-provider',
  'none',
]);
export type AuthKind = z.infer<typeof AuthKindSchema>;

/**
 * A kubeconfig context as the UI may see it. Built so that no credential can travel:
 * there is no field for a token, a key, a password or a certificate.
 */
export const ContextInfoSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  user: z.string(),
  namespace: z.string().optional(),
  server: z.string().optional(),
  authKind: AuthKindSchema,
  /** For exec auth: the command it runs (e.g. `aws`), so the UI can say what is missing. */
  execCommand: z.string().optional(),
  /** The kubeconfig file that defined this context. */
  file: z.string(),
  isCurrent: z.boolean(),
  /** Things wrong with this context a user should know (missing cluster, removed exec API…). */
  problems: z.array(z.string()),
});
export type ContextInfo = z.infer<typeof ContextInfoSchema>;

/** A problem with one kubeconfig file: the app keeps running and says which file and why. */
export const KubeconfigProblemSchema = z.object({
  file: z.string(),
  message: z.string(),
});
export type KubeconfigProblem = z.infer<typeof KubeconfigProblemSchema>;

/** What `contexts:list` answers and `contexts:changed` pushes. */
export const ContextListSchema = z.object({
  /** The files read, in KUBECONFIG order. */
  files: z.array(z.string()),
  currentContext: z.string().optional(),
  contexts: z.array(ContextInfoSchema),
  problems: z.array(KubeconfigProblemSchema),
});
export type ContextList = z.infer<typeof ContextListSchema>;
