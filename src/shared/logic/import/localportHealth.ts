import type { ProbeDraft, RestartPolicyDraft } from '../../domain/forward';
import { isRecord, readBool, readNumber, readRecord, readString, show } from './values';
import type { Problems } from './values';

// LocalPort's health_check and restart_policy blocks mapped to Tether's probe and restart policy.
// LocalPort durations are seconds (floats allowed); Tether's are whole milliseconds.

/** The mapped probe, and what the user should hear about it. */
export interface MappedProbe {
  probe: ProbeDraft | undefined;
  /** Set when the check type had no equivalent and a TCP probe stands in for it. */
  fallbackFrom?: string;
  /** Entry-specific notes (phrased without the entry name; the caller prefixes it). */
  notes: string[];
}

const seconds = (value: number | undefined): number | undefined =>
  value === undefined ? undefined : Math.round(value * 1000);

interface Timing {
  intervalMs?: number;
  timeoutMs?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

function timing(block: Record<string, unknown>, problems: Problems): Timing {
  const out: Timing = {};
  const put = (key: keyof Timing, value: number | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put('intervalMs', seconds(readNumber(block, 'interval', problems, 'health_check.interval')));
  put('timeoutMs', seconds(readNumber(block, 'timeout', problems, 'health_check.timeout')));
  put('failureThreshold', readNumber(block, 'failure_threshold', problems, 'health_check.failure_threshold'));
  put('successThreshold', readNumber(block, 'success_threshold', problems, 'health_check.success_threshold'));
  return out;
}

/**
 * Maps a service's health check, merged over `defaults.health_check` (keys replace, as LocalPort
 * does). tcp → tcp; http/https → http on the local port (path, status, headers from `config`);
 * postgres/kafka/anything else → tcp, flagged. `enabled: false` → no probe. No block at all →
 * undefined (Tether's default TCP probe).
 */
export function mapHealthCheck(
  defaults: Record<string, unknown> | undefined,
  own: Record<string, unknown> | undefined,
  localPort: number | undefined,
  problems: Problems,
): MappedProbe {
  if (!defaults && !own) return { probe: undefined, notes: [] };
  const block = { ...defaults, ...own };
  const notes: string[] = [];
  if (readBool(block, 'enabled', problems, { label: 'health_check.enabled' }) === false) {
    return { probe: { type: 'none' }, notes };
  }
  const type = readString(block, 'type', problems, 'health_check.type')?.trim().toLowerCase();
  const times = timing(block, problems);
  if (type === undefined) {
    notes.push('health_check has no type; a TCP probe is used');
    return { probe: { type: 'tcp', ...times }, notes };
  }
  if (type === 'tcp') return { probe: { type: 'tcp', ...times }, notes };
  if (type === 'http' || type === 'https') {
    const config = readRecord(block, 'config', problems, 'health_check.config') ?? {};
    return { probe: httpProbe(type, config, times, localPort, problems, notes), notes };
  }
  return { probe: { type: 'tcp', ...times }, fallbackFrom: type, notes };
}

function httpProbe(
  type: 'http' | 'https',
  config: Record<string, unknown>,
  times: Timing,
  localPort: number | undefined,
  problems: Problems,
  notes: string[],
): ProbeDraft {
  let path = '/';
  let scheme: 'http' | 'https' = type;
  const url = readString(config, 'url', problems, 'health_check.config.url');
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      notes.push(`health check URL ${show(url)} is not a URL; probing "/"`);
    }
    if (parsed) {
      path = `${parsed.pathname}${parsed.search}` || '/';
      if (parsed.protocol === 'https:') scheme = 'https';
      const urlPort = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
      const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
      if (!local || (localPort !== undefined && urlPort !== localPort)) {
        notes.push(
          `health check URL ${url} is not this forward's local port; Tether probes ${path} on the local port`,
        );
      }
    }
  }
  const method = readString(config, 'method', problems, 'health_check.config.method');
  if (method !== undefined && method.toUpperCase() !== 'GET') {
    notes.push(`health check method ${method} is not supported; Tether probes with GET`);
  }
  const status = readNumber(config, 'expected_status', problems, 'health_check.config.expected_status');
  const headers: Record<string, string> = {};
  const rawHeaders = readRecord(config, 'headers', problems, 'health_check.config.headers');
  for (const [key, value] of Object.entries(rawHeaders ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      headers[key] = String(value);
    } else {
      problems.push(`health_check.config.headers.${key} must be text, got ${show(value)}`);
    }
  }
  return {
    type: 'http',
    ...times,
    path,
    scheme,
    headers,
    ...(status !== undefined ? { expectedStatus: status } : {}),
  };
}

/** Maps `restart_policy` merged over `defaults.restart_policy`; absent keys take Tether's defaults. */
export function mapRestartPolicy(
  defaults: Record<string, unknown> | undefined,
  own: Record<string, unknown> | undefined,
  problems: Problems,
): RestartPolicyDraft {
  const block = { ...defaults, ...own };
  const enabled = readBool(block, 'enabled', problems, { label: 'restart_policy.enabled' });
  const maxAttempts = readNumber(block, 'max_attempts', problems, 'restart_policy.max_attempts');
  const multiplier = readNumber(block, 'backoff_multiplier', problems, 'restart_policy.backoff_multiplier');
  const initialDelayMs = seconds(
    readNumber(block, 'initial_delay', problems, 'restart_policy.initial_delay'),
  );
  const maxDelayMs = seconds(readNumber(block, 'max_delay', problems, 'restart_policy.max_delay'));
  // Absent keys stay absent so the draft schema fills Tether's defaults.
  return Object.fromEntries(
    Object.entries({ enabled, maxAttempts, multiplier, initialDelayMs, maxDelayMs }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as RestartPolicyDraft;
}

/** A `defaults.<key>` block when it is a map. */
export function defaultsBlock(
  root: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const defaults = root['defaults'];
  if (!isRecord(defaults)) return undefined;
  const block = defaults[key];
  return isRecord(block) ? block : undefined;
}
