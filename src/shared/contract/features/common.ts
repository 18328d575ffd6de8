import { z } from 'zod';
import { ContextNameSchema, isDns1123Label, isDns1123Subdomain } from '../../domain/forward';

/** A command that takes no arguments (and refuses any). */
export const NoArgs = z.object({}).strict();
/** A kubeconfig context name as a request field: the same rule everywhere a context is named. */
export const ContextName = ContextNameSchema;

// Namespaces and object names are put into API paths: only valid Kubernetes names get there
// (".." would otherwise be normalised into another API path).

/** A namespace as a request field: a DNS-1123 label. */
export const NamespaceName = z
  .string()
  .min(1)
  .refine(isDns1123Label, {
    error: (i) => `Namespace ${JSON.stringify(String(i.input))} is not a valid namespace (a DNS-1123 label)`,
  });

/** A pod (or other object) name as a request field: a DNS-1123 subdomain. */
export const ObjectName = z
  .string()
  .min(1)
  .refine(isDns1123Subdomain, {
    error: (i) => `Name ${JSON.stringify(String(i.input))} is not a valid object name (a DNS-1123 subdomain)`,
  });
