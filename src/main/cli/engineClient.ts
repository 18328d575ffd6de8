import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { CHALLENGE_PARAM, PROOF_PATH, createClient, type TetherClient } from '../../shared/contract';
import { createWsTransport } from '../../shared/contract/wsTransport';
import { resolveTetherHome, tetherPaths } from '../core/app/home';
import { newChallenge, proofMatches } from '../headless/proof';
import { UnavailableError } from './args';

/** What a running `tether serve` leaves in TETHER_HOME/state/server.json (mode 0600). */
interface ServerFile {
  pid: number;
  port: number;
  token: string;
}

/**
 * Connects to the engine already running for this TETHER_HOME (headless `tether serve`, or
 * the app), or returns undefined when there is none: its server file is missing, its process
 * is gone, nothing listens on its port, or it does not answer within `timeoutMs`. Before the
 * token is sent, the engine on that port must prove it holds it (see headless/proof.ts); a
 * program that answers without the proof is refused with an UnavailableError.
 */
export async function connectToRunningEngine(
  env: Record<string, string | undefined>,
  timeoutMs = 3000,
): Promise<{ client: TetherClient; close(): void } | undefined> {
  const file = tetherPaths(resolveTetherHome(env)).server;
  let info: ServerFile;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
  if (!isAlive(info.pid)) return undefined;
  const proof = await askForProof(info.port, info.token, timeoutMs);
  if (proof === 'nobody') return undefined;
  if (proof === 'wrong') {
    throw new UnavailableError(
      `the engine at 127.0.0.1:${info.port} is not the one that wrote server.json (${file}): ` +
        'it could not prove it holds the token, so nothing was sent to it. If no `tether serve` ' +
        'is running for this TETHER_HOME, delete that file.',
    );
  }
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

/**
 * Sends a fresh challenge to the port and checks the answer: 'proved' when it is
 * HMAC(token, challenge), 'wrong' for any other answer (another program, an engine with
 * another token), 'nobody' when nothing answers at all (a stale server.json).
 */
function askForProof(port: number, token: string, timeoutMs: number): Promise<'proved' | 'wrong' | 'nobody'> {
  const challenge = newChallenge();
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `${PROOF_PATH}?${CHALLENGE_PARAM}=${challenge}`,
        method: 'GET',
        headers: { Host: `127.0.0.1:${port}` },
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => {
          body += chunk;
          // An answer is 64 hex digits: a long body is not one.
          if (body.length > 1024) res.destroy();
        });
        res.on('end', () =>
          resolve(res.statusCode === 200 && proofMatches(body, token, challenge) ? 'proved' : 'wrong'),
        );
        res.on('error', () => resolve('wrong'));
        res.on('close', () => resolve('wrong'));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve('nobody');
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Connected, then cut off or spoke garbage: someone is there, and it is not our engine.
      resolve(err.code === 'ECONNREFUSED' ? 'nobody' : 'wrong');
    });
    req.end();
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
