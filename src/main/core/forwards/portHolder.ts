/**
 * Best effort: which process listens on a TCP port, e.g. "node (pid 1234)". Uses `ss` on Linux
 * and `lsof` on macOS; undefined when the OS will not tell (another user's process, no tool).
 */
export async function portHolder(
  port: number,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  try {
    // Imported here: only a port conflict needs it (see GuardedChildRegistry.spawn on execa's cost).
    const { execa } = await import('execa');
    if (platform === 'linux') {
      const r = await execa('ss', ['-ltnpH', `sport = :${port}`], { reject: false, timeout: 1_000 });
      return parseSsHolder(String(r.stdout));
    }
    if (platform === 'darwin') {
      const r = await execa('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], {
        reject: false,
        timeout: 1_000,
      });
      return parseLsofHolder(String(r.stdout));
    }
  } catch {
    // No tool, no answer: the error message simply names the port.
  }
  return undefined;
}

/** `users:(("node",pid=123,fd=20))` in `ss -ltnp` output → "node (pid 123)". */
export function parseSsHolder(output: string): string | undefined {
  const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(output);
  return m ? `${m[1]} (pid ${m[2]})` : undefined;
}

/** `p123\ncnode` in `lsof -F pc` output → "node (pid 123)". */
export function parseLsofHolder(output: string): string | undefined {
  const pid = /^p(\d+)$/m.exec(output)?.[1];
  const cmd = /^c(.+)$/m.exec(output)?.[1];
  return pid ? `${cmd ?? 'a process'} (pid ${pid})` : undefined;
}
