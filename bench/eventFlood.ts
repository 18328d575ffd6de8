// The events benchmark's flood: core/v1 Events POSTed into one namespace at a fixed rate, in
// a process of its own so the flood never competes with the engine's event loop. Loopback
// only, and bounded in count and time whatever the caller asks. Run by Node directly (type
// stripping); settings come as JSON in TETHER_FLOOD, the totals go to stdout as JSON.
import { Agent, request } from 'node:https';

interface FloodSettings {
  server: string;
  ca: string;
  cert: string;
  key: string;
  namespace: string;
  perMinute: number;
  durationMs: number;
}

/** Hard bounds: at most 10,000 events a minute, for at most 15 minutes. */
const MAX_PER_MINUTE = 10_000;
const MAX_DURATION_MS = 15 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const s = JSON.parse(process.env.TETHER_FLOOD ?? '{}') as FloodSettings;
const url = new URL(s.server);
if (!LOOPBACK.has(url.hostname)) {
  process.stderr.write(`eventFlood: refusing a server that is not on loopback: ${url.hostname}\n`);
  process.exit(2);
}
const perMinute = Math.min(MAX_PER_MINUTE, Math.max(1, s.perMinute));
const durationMs = Math.min(MAX_DURATION_MS, Math.max(0, s.durationMs));
const maxEvents = Math.ceil((perMinute * durationMs) / 60_000);
const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: s.ca, cert: s.cert, key: s.key });
const path = `/api/v1/namespaces/${encodeURIComponent(s.namespace)}/events`;

let sent = 0;
let created = 0;
let failed = 0;
let inFlight = 0;

function post(n: number): void {
  const now = new Date().toISOString();
  const body = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `flood-${process.pid}-${n}`, namespace: s.namespace },
    type: 'Normal',
    reason: 'Pulled',
    message: `Container image "registry.example/app:${n % 97}" already present on machine (flood ${n})`,
    involvedObject: { kind: 'Pod', namespace: s.namespace, name: `flood-pod-${n % 200}`, apiVersion: 'v1' },
    source: { component: 'tether-bench-flood' },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  });
  inFlight++;
  const req = request(
    {
      agent,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port,
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeout: 10_000,
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        inFlight--;
        if (res.statusCode === 201) created++;
        else failed++;
      });
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => {
    inFlight--;
    failed++;
  });
  req.end(body);
}

const t0 = performance.now();
// Every 100 ms, send what is due by now: a steady rate without a timer per event.
const tick = setInterval(() => {
  const elapsed = performance.now() - t0;
  const due = Math.min(maxEvents, Math.floor((elapsed / 60_000) * perMinute));
  // Never more than 64 requests in flight: a slow API server slows the flood, not us.
  while (sent < due && inFlight < 64) post(sent++);
  if (elapsed >= durationMs || sent >= maxEvents) finish();
}, 100);

function finish(): void {
  clearInterval(tick);
  const wait = setInterval(() => {
    if (inFlight > 0) return;
    clearInterval(wait);
    agent.destroy();
    process.stdout.write(`${JSON.stringify({ sent, created, failed })}\n`);
  }, 50);
}
process.on('SIGTERM', finish);
