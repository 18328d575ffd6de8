import { ForwardEngineSchema, type ForwardEngine } from '../../../shared/domain/forwardEngine';

export type { ForwardEngine };

function engineWord(value: string | undefined): ForwardEngine | undefined {
  const v = value?.trim().toLowerCase();
  const parsed = ForwardEngineSchema.safeParse(v);
  return parsed.success ? parsed.data : undefined;
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
