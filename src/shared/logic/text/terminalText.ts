// Cluster-provided text (event messages, reasons, names, container logs) and imported files may
// hold terminal control sequences: ESC starts colour changes, cursor moves, title and clipboard
// writes (OSC 52), links (OSC 8); bidi overrides reorder what the reader sees. Shown text gets
// them as visible escapes, in the CLI and in the popover alike.

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
