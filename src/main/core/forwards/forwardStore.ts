import { z } from 'zod';
import { ForwardSpecSchema, type ForwardSpec } from '../../../shared/domain/forward';
import type { Logger } from '../app/log';
import { JsonFileStorage, type SettingsStorage } from '../settings/settingsStore';

/** What is persisted: every forward spec, in the user's order. */
export const ForwardsFileSchema = z.object({
  version: z.literal(1),
  forwards: z.array(ForwardSpecSchema),
});
export type ForwardsFile = z.infer<typeof ForwardsFileSchema>;

/** An empty forwards file. */
export const emptyForwardsFile = (): ForwardsFile => ({ version: 1, forwards: [] });

/**
 * The headless storage for forward specs: TETHER_HOME/forwards.json, written atomically; a file
 * that cannot be read is moved aside (never silently lost). The Electron layer passes its own
 * SettingsStorage instead.
 */
export function forwardsFileStorage(file: string, log: Logger): SettingsStorage<ForwardsFile> {
  return new JsonFileStorage<ForwardsFile>({
    file,
    parse: (raw) => ForwardsFileSchema.parse(raw),
    defaults: emptyForwardsFile,
    log,
  });
}

/** Inserts or replaces (by id, keeping its position) specs in a file's list. */
export function upsertSpecs(file: ForwardsFile, specs: readonly ForwardSpec[]): ForwardsFile {
  const forwards = [...file.forwards];
  for (const spec of specs) {
    const i = forwards.findIndex((f) => f.id === spec.id);
    if (i >= 0) forwards[i] = spec;
    else forwards.push(spec);
  }
  return { ...file, forwards };
}
