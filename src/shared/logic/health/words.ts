import type { ListStatus } from '../../domain/listStatus';
import type { ClusterSummary, ConnectivityState, HealthReasonCode } from '../../domain/health';

// The words a person reads for the engine's states: the one place enums become sentences,
// shared by the UI and the CLI so neither prints `forbidden-partially` or `credentials-rejected`.

const CONNECTIVITY: Readonly<Record<ConnectivityState, string>> = {
  ok: 'API reachable',
  unreachable: 'API unreachable',
  'proxy-unreachable': 'proxy unreachable',
  'credentials-rejected': 'credentials rejected',
  'forbidden-partially': 'limited access',
  unknown: 'not checked yet',
};

/** "API reachable", "limited access", "credentials rejected"… */
export function connectivityWords(c: ConnectivityState): string {
  return CONNECTIVITY[c];
}

/** What an API failure is called at the start of the outage line. */
const OUTAGE_LABEL: Partial<Readonly<Record<HealthReasonCode, string>>> = {
  'api-unreachable': 'Unreachable',
  'api-timeout': 'Not answering',
  'api-server-error': 'API server failing',
  'api-failing': 'API check failing',
  'credentials-rejected': 'Credentials rejected',
  'credential-plugin-failed': 'Credential helper failing',
};

/** "45 s", "2 min", "1 h 5 min", "3 d". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/**
 * The outage as one visible line: "Unreachable since 08:15 (2 min) — connection refused: …".
 * Null when the cluster is not failing for an API reason (its top reason says enough).
 * `clock` formats a time of day the way the caller's locale does.
 */
export function outageLine(
  summary: Pick<ClusterSummary, 'state' | 'reasons'>,
  now: number,
  clock: (t: number) => string,
): string | null {
  if (summary.state !== 'Unhealthy') return null;
  const r = summary.reasons[0];
  const label = r ? OUTAGE_LABEL[r.code] : undefined;
  if (!r || !label) return null;
  const since = r.since !== undefined ? ` since ${clock(r.since)} (${formatDuration(now - r.since)})` : '';
  return `${label}${since} — ${r.detail ?? r.message}`;
}

/**
 * Why a list shows what it shows, for a list that is not simply loaded: "Showing data from
 * 08:12 — API unreachable since 08:15 (connection refused: …)", "No permission: may not list
 * pods here", … Null for a loaded list.
 */
export function listStatusLine(
  status: ListStatus,
  what: string,
  clock: (t: number) => string,
): string | null {
  const since = status.since !== null ? ` since ${clock(status.since)}` : '';
  switch (status.state) {
    case 'loaded':
      return null;
    case 'loading':
      return `Listing ${what}…`;
    case 'off':
      return `Not listed: ${status.reason}.`;
    case 'forbidden':
      return `Refused by the API server (403): ${status.reason}.`;
    case 'unauthorized':
    case 'unreachable': {
      const cause =
        status.state === 'unauthorized' ? `Credentials rejected${since}` : `API unreachable${since}`;
      const detail = status.reason ? ` (${status.reason})` : '';
      return status.stale && status.listedAt !== null
        ? `Showing data from ${clock(status.listedAt)} — ${cause}${detail}`
        : `${cause}${detail}: ${what} could not be listed.`;
    }
  }
}
