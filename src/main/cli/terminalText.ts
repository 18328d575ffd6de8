import { terminalText } from '../../shared/logic/text/terminalText';

// The CLI's writer: every text line goes through terminalText (src/shared/logic/text), so
// cluster-provided text cannot drive the terminal.

export { terminalText };

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
