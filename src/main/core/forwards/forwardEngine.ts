/** What carries a forward's bytes: the engine's own tunnel, or a `kubectl port-forward` child. */
export type ForwardEngine = 'native' | 'kubectl';

function engineWord(value: string | undefined): ForwardEngine | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'native' || v === 'kubectl' ? v : undefined;
}

/**
 * What carries forwards that do not choose for themselves: TETHER_FORWARD_ENGINE, else the
 * settings file's `forwardEngine`, else native. An unknown word in the environment counts as
 * unset rather than silently switching every forward to kubectl.
 */
export function defaultForwardEngine(
  env: Readonly<Record<string, string | undefined>>,
  setting: ForwardEngine | undefined,
): ForwardEngine {
  return engineWord(env.TETHER_FORWARD_ENGINE) ?? setting ?? 'native';
}
