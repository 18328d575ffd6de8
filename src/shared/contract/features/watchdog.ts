import { z } from 'zod';
import { HealthStateSchema } from '../../domain/health';
import { command, type ChannelName, type CommandDef } from '../define';
import { NoArgs } from './common';

/** One component's latest check: who, what it found, and how long the check took. */
export const ComponentHealthSchema = z.object({
  /** Stable id, e.g. "clusters", "forwards", "provisioning", "transport:websocket". */
  name: z.string(),
  state: HealthStateSchema,
  /** Why it is not Healthy (or a short "all fine" note); a hanging checker says so here. */
  reason: z.string(),
  /** When the check finished or was given up (ms since epoch). */
  checkedAt: z.number(),
  durationMs: z.number().min(0),
  /** True when the checker did not answer within its timeout (state is then Unknown). */
  timedOut: z.boolean(),
});
export type ComponentHealth = z.infer<typeof ComponentHealthSchema>;

/** The engine's own health: is the process itself well? */
export const SelfHealthSchema = z.object({
  pid: z.number().int(),
  uptimeMs: z.number().min(0),
  /** Event-loop delay over the last minute (ms): mean, p99 and max. */
  eventLoopLagMs: z.object({ mean: z.number(), p99: z.number(), max: z.number() }),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number(), heapTotalBytes: z.number() }),
  openWatches: z.number().int().min(0),
  apiRequests: z.number().int().min(0),
  /** kubectl children alive right now, and whether the orphan guard watches them. */
  childProcesses: z.object({
    count: z.number().int().min(0),
    pids: z.array(z.number().int()),
    guarded: z.boolean(),
  }),
  /** Errors counted since start, by source (checker failures, wake failures, guard kills…). */
  errors: z.record(z.string(), z.number().int().min(0)),
  heartbeat: z.object({
    intervalMs: z.number(),
    beats: z.number().int().min(0),
    /** Beats the loop missed in total (a stall or a freeze). */
    missedBeats: z.number().int().min(0),
    lastGap: z
      .object({ at: z.number(), gapMs: z.number(), kind: z.enum(['stall', 'sleep', 'clock-jump']) })
      .nullable(),
  }),
});
export type SelfHealth = z.infer<typeof SelfHealthSchema>;

/** What `app:health` answers: every component, the aggregate, and the process itself. */
export const AppHealthSchema = z.object({
  state: HealthStateSchema,
  /** The aggregation rule that decided `state`, in words. */
  reason: z.string(),
  components: z.array(ComponentHealthSchema),
  self: SelfHealthSchema,
});
export type AppHealth = z.infer<typeof AppHealthSchema>;

/** After sleep, a freeze or a clock jump: what the watchdog rechecked and what it found. */
export const WatchdogWakeSchema = z.object({
  /** "gap" (heartbeat saw it), "resume" / "unlock-screen" (powerMonitor), "manual"… */
  reason: z.string(),
  /** How long the engine was away (0 when not measured, e.g. powerMonitor). */
  gapMs: z.number().min(0),
  at: z.number(),
  /** Clusters rechecked, and the state each was found in. */
  rechecked: z.number().int().min(0),
  clusters: z.array(z.object({ context: z.string(), state: HealthStateSchema })),
  /** Active forwards verified, and the state each was found in. */
  verified: z.number().int().min(0),
  forwards: z.array(z.object({ id: z.string(), state: z.string() })),
  tookMs: z.number().min(0),
});
export type WatchdogWake = z.infer<typeof WatchdogWakeSchema>;

/** Watchdog and app-health commands. */
export const watchdogCommands = {
  /** Component health (each checker with a timeout), the aggregate, and the engine's own health. */
  'app:health': command(NoArgs, AppHealthSchema),
} as const satisfies Record<ChannelName, CommandDef>;

/** Watchdog events. */
export const watchdogEvents = {
  'watchdog:wake': WatchdogWakeSchema,
} as const satisfies Record<ChannelName, z.ZodType>;
