// What the pod informer's view says about a forward's pods, between looks at the API.
import type { ForwardTarget } from '../../../shared/domain/forwardTarget';
import { isPodServing, podLeaving, podMeta, type LabelMatcher } from './podPicking';
import type { ForwardEvent } from './rules/rulesEvents';

/**
 * Whether the pod `name` in `namespace` still serves. With no informer view (`pods` null: off,
 * not synced, or not covering the namespace) the pod is assumed there, and the API decides at
 * the next look.
 */
export function podStillServing(pods: Iterable<unknown> | null, namespace: string, name: string): boolean {
  return podLeaving(pods, namespace, name) === null;
}

/**
 * Whether some serving pod in `namespace` is one the target could go to: the named pod, or a
 * pod the target's selector matches (any pod while the selector is not known yet). No view
 * (null) → false: only a look at the API can say.
 */
export function anyTargetPodServing(
  pods: Iterable<unknown> | null,
  namespace: string,
  target: ForwardTarget,
  matches: LabelMatcher | undefined,
): boolean {
  for (const pod of pods ?? []) {
    const m = podMeta(pod);
    if (m.namespace !== namespace || !isPodServing(pod)) continue;
    if (target.kind === 'pod' ? m.name === target.name : matches ? matches(m.labels) : true) return true;
  }
  return false;
}

/** The pod informer's news for a forward, as its rules hear it; `tunnelPod`: the pod its tunnel goes to. */
export function podsChanged(
  pods: Iterable<unknown> | null,
  spec: { namespace: string; target: ForwardTarget },
  tunnelPod: string | undefined,
  matches: LabelMatcher | undefined,
): Extract<ForwardEvent, { type: 'pods-changed' }> {
  if (tunnelPod !== undefined)
    return {
      type: 'pods-changed',
      tunnelPodServing: podStillServing(pods, spec.namespace, tunnelPod),
      anyMatchingServing: false,
    };
  return {
    type: 'pods-changed',
    tunnelPodServing: null,
    anyMatchingServing: anyTargetPodServing(pods, spec.namespace, spec.target, matches),
  };
}
