import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { Probe } from '../../../shared/domain/forward';
import { expandApprovedHeaders, type EnvMap } from '../../../shared/logic/import/envExpand';
import type { Dialer } from './tunnel/dialer';

/** What one probe through the tunnel found. */
export type ProbeResult =
  { ok: true } | { ok: false; problem: 'tunnel-dead' | 'app-not-answering'; message: string };

// How long a TCP connection through kubectl must stay up to count: kubectl accepts locally at
// once and closes within milliseconds when the pod's port refuses.
const TCP_SETTLE_MS = 400;

/**
 * Probes the app through the tunnel itself (a connection of its own, so probe traffic neither
 * counts as the user's traffic nor depends on the client-facing listener). The tunnel refused
 * the connection → "tunnel-dead"; accepted then closed, timed out or a wrong HTTP status →
 * "app-not-answering".
 */
export async function probeThrough(
  dialer: Dialer,
  probe: Exclude<Probe, { type: 'none' }>,
  env: EnvMap = {},
): Promise<ProbeResult> {
  // Node refuses some headers and paths synchronously; the schema refuses them too, but a spec
  // stored by an older version must fail its probe, never take the probe loop down.
  try {
    return await (probe.type === 'http'
      ? httpProbe(dialer, {
          ...probe,
          headers: expandApprovedHeaders(probe.headers, probe.variables ?? [], env),
        })
      : tcpProbe(dialer, probe.timeoutMs));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problem: 'app-not-answering',
      message: `the probe request is invalid (${code ?? (err instanceof Error ? err.message : String(err))}); edit the forward's probe`,
    };
  }
}

/** A connection through the tunnel within `timeoutMs`, or why there was none. */
async function dialWithin(
  dialer: Dialer,
  timeoutMs: number,
): Promise<{ stream: Duplex } | { failed: ProbeResult }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const dialing = dialer.dial();
  try {
    const r = await Promise.race([dialing, late]);
    if (r === 'late') {
      // A connection that comes after all is not used.
      dialing.then(
        (s) => s.destroy(),
        () => undefined,
      );
      return {
        failed: {
          ok: false,
          problem: 'tunnel-dead',
          message: `the tunnel did not connect within ${timeoutMs} ms`,
        },
      };
    }
    return { stream: r };
  } catch (err) {
    return { failed: { ok: false, problem: 'tunnel-dead', message: (err as Error).message } };
  } finally {
    clearTimeout(timer);
  }
}

async function tcpProbe(dialer: Dialer, timeoutMs: number): Promise<ProbeResult> {
  const started = Date.now();
  const dialed = await dialWithin(dialer, timeoutMs);
  if ('failed' in dialed) return dialed.failed;
  const socket = dialed.stream;
  return await new Promise((resolve) => {
    let settled = false;
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    // Accepted: the pod's port must keep the connection open a moment (kubectl accepts
    // locally at once and closes within milliseconds when the pod's port refuses).
    const left = Math.max(0, timeoutMs - (Date.now() - started));
    const timer = setTimeout(() => finish({ ok: true }), Math.min(TCP_SETTLE_MS, left));
    socket.once('data', () => finish({ ok: true }));
    const closedEarly = (why: string) =>
      finish({
        ok: false,
        problem: 'app-not-answering',
        message: `the pod's port closed the connection (${why})`,
      });
    socket.once('error', (e: NodeJS.ErrnoException) => closedEarly(e.code ?? e.message));
    socket.once('close', () => closedEarly('closed'));
  });
}

async function httpProbe(dialer: Dialer, probe: Extract<Probe, { type: 'http' }>): Promise<ProbeResult> {
  const dialed = await dialWithin(dialer, probe.timeoutMs);
  if ('failed' in dialed) return dialed.failed;
  const stream = dialed.stream;
  return await new Promise((resolve) => {
    let settled = false;
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      req.destroy();
      stream.destroy();
      resolve(r);
    };
    const https = probe.scheme === 'https';
    const send = https ? httpsRequest : request;
    // Node refuses some headers and paths synchronously: the connection goes, the caller says why.
    stream.once('error', () => undefined);
    let req: ReturnType<typeof request>;
    try {
      req = open();
    } catch (err) {
      stream.destroy();
      throw err;
    }
    function open() {
      return send({
        host: '127.0.0.1',
        path: probe.path,
        method: 'GET',
        headers: { ...probe.headers, connection: 'close' },
        timeout: probe.timeoutMs,
        // The request rides the connection the tunnel gave; for https, TLS inside it. Health
        // endpoints behind a forward usually serve a certificate for another name.
        createConnection: () =>
          (https ? tlsConnect({ socket: stream, rejectUnauthorized: false }) : stream) as never,
      });
    }
    req.once('response', (res) => {
      res.resume();
      finish(
        res.statusCode === probe.expectedStatus
          ? { ok: true }
          : {
              ok: false,
              problem: 'app-not-answering',
              message: `GET ${probe.path} answered ${String(res.statusCode)}, expected ${probe.expectedStatus}`,
            },
      );
    });
    req.once('timeout', () =>
      finish({
        ok: false,
        problem: 'app-not-answering',
        message: `GET ${probe.path}: no answer within ${probe.timeoutMs} ms`,
      }),
    );
    req.once('error', (e: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        problem: 'app-not-answering',
        message: `GET ${probe.path}: ${e.code ?? e.message}`,
      }),
    );
    req.end();
  });
}
