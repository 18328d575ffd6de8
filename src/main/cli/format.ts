import type { HealthState } from '../../shared/domain/health';
import { terminalText } from './terminalText';

/** ANSI colour only on a terminal, and never with NO_COLOR set. */
export function useColour(env: Record<string, string | undefined>, isTTY: boolean | undefined): boolean {
  return Boolean(isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

const GLYPHS: Record<HealthState, string> = { Healthy: '●', Degraded: '▲', Unhealthy: '✖', Unknown: '○' };

/**
 * A state as the tray shows it: a glyph that reads without colour. The CLI's writer colours it
 * on a terminal (textIo), after escaping everything else.
 */
export function stateBadge(state: HealthState): string {
  return `${GLYPHS[state]} ${state}`;
}

/** "12 s ago", "3 min ago", for last-check times. */
export function ago(ms: number | null, now = Date.now()): string {
  if (ms === null) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** Pads columns for a plain-text table (cells escaped first, so the padding fits what is shown). */
export function table(cells: string[][]): string[] {
  const rows = cells.map((r) => r.map(terminalText));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - c.length)))
      .join('  ')
      .trimEnd(),
  );
}

/** "10m", "2h", "30s" → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
