import type { KubeEvent } from './events';

/**
 * Which events are about the watched cluster. A cluster's objects are named after it: the
 * ClusterDeployment and its HelmRelease share its name, CAPI children are `<name>-…`
 * (`<name>-md-0-x7k2p`, `<name>-cp-0`), Sveltos ClusterSummaries are `<profile>-capi-<name>`,
 * and many messages name the cluster outright. Names alone are ambiguous (`dev` is a prefix of
 * `dev-eu`), so the caller may list the other clusters it knows; an object or mention that
 * fits a longer sibling's name belongs to the sibling.
 */

/** The watched cluster, and its neighbours in the same namespace. */
export interface EventScope {
  name: string;
  /** Events from other namespaces are never in scope when this is set. */
  namespace?: string;
  /** Names of other clusters in the namespace, to settle prefix ambiguities. */
  siblingNames?: readonly string[];
}

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9]/.test(char);
}

/** An object name that is `name` itself or one of its children (`name-…`). */
function ownedBy(objectName: string, name: string): boolean {
  return objectName === name || objectName.startsWith(`${name}-`);
}

function longerSiblings(scope: EventScope): string[] {
  return (scope.siblingNames ?? []).filter((s) => s !== scope.name && s.length > scope.name.length);
}

/** The object belongs to the cluster by its name (and not to a sibling with a longer name). */
export function isClusterObject(objectName: string, scope: EventScope): boolean {
  const siblings = longerSiblings(scope);
  const claimedBySibling = (n: string): boolean =>
    siblings.some((s) => ownedBy(n, s) || n.endsWith(`-capi-${s}`));
  if (ownedBy(objectName, scope.name)) return !claimedBySibling(objectName);
  // Sveltos names its ClusterSummary `<profile>-<capi|sveltos>-<cluster>`.
  if (objectName.endsWith(`-capi-${scope.name}`) || objectName.endsWith(`-sveltos-${scope.name}`)) {
    return !claimedBySibling(objectName);
  }
  return false;
}

/**
 * The message names the cluster as a word: not inside a longer name (`dev-cluster-10` does not
 * mention `dev-cluster-1`), though a child name (`dev-cluster-1-md-0`) or a release
 * (`kcm-system/dev-cluster-1.v1`) does.
 */
export function mentionsCluster(message: string, scope: EventScope): boolean {
  const siblings = longerSiblings(scope);
  let from = 0;
  for (;;) {
    const at = message.indexOf(scope.name, from);
    if (at < 0) return false;
    from = at + 1;
    const before = message[at - 1];
    const after = message[at + scope.name.length];
    if (isNameChar(before) || before === '-' || before === '.' || isNameChar(after)) continue;
    const sibling = siblings.find((s) => message.startsWith(s, at) && !isNameChar(message[at + s.length]));
    if (sibling === undefined) return true;
  }
}

/** Whether the event is about the watched cluster. */
export function isInScope(event: KubeEvent, scope: EventScope): boolean {
  const namespace = event.object.namespace ?? event.namespace;
  if (scope.namespace !== undefined && namespace !== undefined && namespace !== scope.namespace) return false;
  return isClusterObject(event.object.name, scope) || mentionsCluster(event.message, scope);
}
