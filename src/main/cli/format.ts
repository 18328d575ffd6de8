import type { HealthState } from '../../shared/domain/health';

/** ANSI colour only on a terminal, and never with NO_COLOR set. */
export function useColour(env: Record<string, string | undefined>, isTTY: boolean | undefined): boolean {
  return Boolean(isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

const COLOURS: Record<HealthState, string> = {
  Healthy: '32',
  Degraded: '33',
  Unhealthy: '31',
  Unknown: '90',
};
const GLYPHS: Record<HealthState, string> = { Healthy: '●', Degraded: '▲', Unhealthy: '✖', Unknown: '○' };

/** A state as the tray shows it: a glyph that reads without colour, coloured on a terminal. */
export function stateBadge(state: HealthState, colour: boolean): string {
  const text = `${GLYPHS[state]} ${state}`;
  return colour ? `\u001b[${COLOURS[state]}m${text}\u001b[0m` : text;
}

/** "12 s ago", "3 min ago", for last-check times. */
export function ago(ms: number | null, now = Date.now()): string {
  if (ms === null) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** Pads columns for a plain-text table. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(c))));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - visibleLength(c))))
      .join('  ')
      .trimEnd(),
  );
}

function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex -- strip ANSI colour codes
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** "10m", "2h", "30s" → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
