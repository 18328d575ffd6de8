import { readFileSync } from 'node:fs';
import { createClient, type TetherClient } from '../../shared/contract';
import { createWsTransport } from '../../shared/contract/wsTransport';
import { resolveTetherHome, tetherPaths } from '../core/app/home';

/** What a running `tether serve` leaves in TETHER_HOME/state/server.json (mode 0600). */
interface ServerFile {
  pid: number;
  port: number;
  token: string;
}

/**
 * Connects to the engine already running for this TETHER_HOME (headless `tether serve`, or
 * the app), or returns undefined when there is none: its server file is missing, its process
 * is gone, or it does not answer within `timeoutMs`.
 */
export async function connectToRunningEngine(
  env: Record<string, string | undefined>,
  timeoutMs = 3000,
): Promise<{ client: TetherClient; close(): void } | undefined> {
  let info: ServerFile;
  try {
    info = JSON.parse(readFileSync(tetherPaths(resolveTetherHome(env)).server, 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
  if (!isAlive(info.pid)) return undefined;
  const transport = createWsTransport({
    baseUrl: `ws://127.0.0.1:${info.port}`,
    token: info.token,
    callTimeoutMs: timeoutMs,
    maxBackoffMs: 250,
  });
  const client = createClient(transport);
  try {
    await client.invoke('app:info', {});
  } catch {
    transport.close();
    return undefined;
  }
  return { client, close: () => transport.close() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
