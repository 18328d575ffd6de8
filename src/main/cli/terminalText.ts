// Cluster-provided text (event messages, reasons, names) and imported files may hold terminal
// control sequences: ESC starts colour changes, cursor moves, title and clipboard writes (OSC 52),
// links (OSC 8); bidi overrides reorder what the reader sees. Text output shows them as escapes.

/** C0 controls except tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate marks. */
function isUnsafe(codePoint: number): boolean {
  return (
    (codePoint <= 0x1f && codePoint !== 0x09 && codePoint !== 0x0a) ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

/**
 * The text with every control character and bidi override shown as a visible escape
 * (`\u001b`), walking code points so surrogate pairs pass unchanged. Tab and newline stay.
 */
export function terminalText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    out += isUnsafe(cp) ? `\\u${cp.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

/** Where the CLI's entry point writes: stdout and stderr lines, and the environment. */
export interface CliSink {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const BADGE_COLOURS: Readonly<Record<string, string>> = {
  Healthy: '32',
  Degraded: '33',
  Unhealthy: '31',
  Unknown: '90',
};
const BADGE = /([●▲✖○]) (Healthy|Degraded|Unhealthy|Unknown)\b/g;

// Colour is added after escaping, so the only escape sequences on the terminal are these.
function paintBadges(line: string): string {
  return line.replace(BADGE, (badge, _glyph: string, state: string) => {
    const code = BADGE_COLOURS[state];
    return code ? `\u001b[${code}m${badge}\u001b[0m` : badge;
  });
}

/**
 * The CLI's writer for commands: text lines and error lines are shown through
 * {@link terminalText} (and state badges coloured when `colour`); `exact` writes
 * machine-readable output (`--json`, exports) unchanged.
 */
export function textIo(sink: CliSink, colour: boolean) {
  return {
    env: sink.env,
    out: (line: string) => sink.out(colour ? paintBadges(terminalText(line)) : terminalText(line)),
    err: (line: string) => sink.err(terminalText(line)),
    exact: (text: string) => sink.out(text),
  };
}
