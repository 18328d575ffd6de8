import { z } from 'zod';

/**
 * What carries a forward's bytes: the engine's own tunnel (`native`) or a `kubectl port-forward`
 * child. One schema for a forward's own choice, the settings file's default and the engine.
 */
export const ForwardEngineSchema = z.enum(['native', 'kubectl']);
export type ForwardEngine = z.infer<typeof ForwardEngineSchema>;
