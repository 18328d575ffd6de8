/**
 * What the caller supplies: what it knows of the user's kubeconfig, and what the user
 * confirmed. Imports never read the environment.
 */
export interface ImportOptions {
  /** The user confirmed keeping non-loopback binds from the file (else they become 127.0.0.1). */
  allowNonLoopback?: boolean;
  /** Variables the user approved for expansion in probe header values, at probe time. */
  approveVariables?: readonly string[];
  /**
   * Contexts in the user's kubeconfig; when given, entries naming another context are marked
   * `context-not-in-kubeconfig` (imported, not startable until mapped).
   */
  knownContexts?: readonly string[];
  /** Used for entries that name no context (LocalPort and kftray both mean "kubectl's current"). */
  currentContext?: string;
  /**
   * Source context (or Kube Forwarder cluster name) → local context. Needed for Kube Forwarder
   * clusters exported without their kubeconfig; useful for any file made on another machine.
   */
  contextMap?: Readonly<Record<string, string>>;
}

/** The entry name used for problems with the file as a whole. */
export const FILE_ENTRY = 'file';
