import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseLsofHolder, parseSsHolder, portHolder } from './portHolder';

describe('portHolder', () => {
  it('reads the holder from ss and lsof output', () => {
    expect(parseSsHolder('LISTEN 0 511 127.0.0.1:8080 0.0.0.0:* users:(("node",pid=4242,fd=21))')).toBe(
      'node (pid 4242)',
    );
    expect(parseSsHolder('LISTEN 0 511 127.0.0.1:8080 0.0.0.0:*')).toBeUndefined();
    expect(parseLsofHolder('p777\ncpostgres\nf5\n')).toBe('postgres (pid 777)');
    expect(parseLsofHolder('')).toBeUndefined();
  });

  // Skipped where there is no `ss` (not Linux, or a minimal container without iproute2).
  it.runIf(process.platform === 'linux' && (existsSync('/usr/bin/ss') || existsSync('/bin/ss')))(
    'names this very process for a port it listens on (Linux, ss)',
    async () => {
      const server = createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      try {
        expect(await portHolder(port)).toContain(`pid ${process.pid}`);
      } finally {
        server.close();
      }
    },
  );
});
