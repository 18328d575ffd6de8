import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Probe } from '../../../shared/domain/forward';
import { expandApprovedHeaders, type EnvMap } from '../../../shared/logic/import/envExpand';

/** What one probe through the tunnel found. */
export type ProbeResult =
  { ok: true } | { ok: false; problem: 'tunnel-dead' | 'app-not-answering'; message: string };

// How long a TCP connection through kubectl must stay up to count: kubectl accepts locally at
// once and closes within milliseconds when the pod's port refuses.
const TCP_SETTLE_MS = 400;

/**
 * Probes the app through kubectl's port (the tunnel itself, so probe traffic neither counts
 * as the user's traffic nor depends on the client-facing listener, which lives in-process).
 * Refused by kubectl's port → "tunnel-dead"; accepted then closed, timed out or a wrong HTTP
 * status → "app-not-answering".
 */
export async function probeThrough(
  port: number,
  probe: Exclude<Probe, { type: 'none' }>,
  env: EnvMap = {},
): Promise<ProbeResult> {
  // Node refuses some headers and paths synchronously; the schema refuses them too, but a spec
  // stored by an older version must fail its probe, never take the probe loop down.
  try {
    return await (probe.type === 'http'
      ? httpProbe(port, {
          ...probe,
          headers: expandApprovedHeaders(probe.headers, probe.variables ?? [], env),
        })
      : tcpProbe(port, probe.timeoutMs));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problem: 'app-not-answering',
      message: `the probe request is invalid (${code ?? (err instanceof Error ? err.message : String(err))}); edit the forward's probe`,
    };
  }
}

function tcpProbe(port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          problem: 'tunnel-dead',
          message: `kubectl's port did not accept within ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
    socket.once('connect', () => {
      connected = true;
      clearTimeout(timer);
      setTimeout(() => finish({ ok: true }), Math.min(TCP_SETTLE_MS, timeoutMs));
    });
    socket.once('data', () => finish({ ok: true }));
    const closedEarly = (why: string) =>
      finish(
        connected
          ? {
              ok: false,
              problem: 'app-not-answering',
              message: `the pod's port closed the connection (${why})`,
            }
          : { ok: false, problem: 'tunnel-dead', message: `kubectl's port refused the connection (${why})` },
      );
    socket.once('error', (e: NodeJS.ErrnoException) => closedEarly(e.code ?? e.message));
    socket.once('close', () => closedEarly('closed'));
  });
}

function httpProbe(port: number, probe: Extract<Probe, { type: 'http' }>): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(r);
    };
    const send = probe.scheme === 'https' ? httpsRequest : request;
    const req = send({
      host: '127.0.0.1',
      port,
      path: probe.path,
      method: 'GET',
      headers: { ...probe.headers, connection: 'close' },
      timeout: probe.timeoutMs,
      agent: false,
      // Health endpoints behind a forward usually serve a certificate for another name.
      ...(probe.scheme === 'https' ? { rejectUnauthorized: false } : {}),
    });
    req.once('socket', (s) => s.once('connect', () => (connected = true)));
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
        problem: connected ? 'app-not-answering' : 'tunnel-dead',
        message: `GET ${probe.path}: no answer within ${probe.timeoutMs} ms`,
      }),
    );
    req.once('error', (e: NodeJS.ErrnoException) =>
      finish(
        connected
          ? { ok: false, problem: 'app-not-answering', message: `GET ${probe.path}: ${e.code ?? e.message}` }
          : {
              ok: false,
              problem: 'tunnel-dead',
              message: `kubectl's port refused the connection (${e.code ?? e.message})`,
            },
      ),
    );
    req.end();
  });
}
