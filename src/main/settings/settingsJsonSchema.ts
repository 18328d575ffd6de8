/**
 * The JSON schema electron-store checks the settings file against on every read and write
 * (its `schema` option: one entry per top-level key). It accepts every version `migrate`
 * knows (the v1 keys at the top level too), so an old file reaches the migration instead of
 * being refused; the engine's section is checked by the engine's own zod schema.
 */
export const settingsJsonSchema = {
  version: { type: 'integer', minimum: 0 },
  engine: { type: 'object' },
  shell: {
    type: 'object',
    properties: {
      launchAtLogin: { type: 'boolean' },
      kubectlPath: { type: ['string', 'null'], maxLength: 4096 },
      mutedContexts: { type: 'array', items: { type: 'string', maxLength: 253 }, maxItems: 1000 },
      notifications: { type: 'boolean' },
      popoverPinned: { type: 'boolean' },
    },
  },
  // Version 0 and 1 files keep the engine's keys at the top level.
  monitoredContexts: { type: 'array', items: { type: 'string' } },
  health: { type: 'object' },
} as const;
