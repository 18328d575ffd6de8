import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { guardScriptPath } from './guardedChildRegistry';
import { isAlive } from './processIdentity';

// The guard script itself, run the way the engine runs it, with a dummy long-running child.

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function dummyChild(): number {
  const c = spawn('sleep', ['1000'], { stdio: 'ignore' });
  started.push(c);
  return c.pid!;
}

function startGuard(args: string[]) {
  const g = spawn(process.execPath, [guardScriptPath()!, '--owner', String(process.pid), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  started.push(g);
  const lines: string[] = [];
  g.stdout.setEncoding('utf8');
  g.stdout.on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
  const ready = new Promise<void>((resolve) => {
    const check = () => (lines.some((l) => l.includes('"ready"')) ? resolve() : setTimeout(check, 20));
    check();
  });
  return { g, lines, ready, send: (m: object) => g.stdin.write(`${JSON.stringify(m)}\n`) };
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

describe('orphan guard process script', () => {
  it('pipe EOF (the engine died): ends every watched child at once and exits', async () => {
    const { g, ready, send } = startGuard([]); // default 30 s stale: only the EOF can explain a fast kill
    await ready;
    const a = dummyChild();
    const b = dummyChild();
    send({ watch: a });
    send({ watch: b });
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(a) && isAlive(b)).toBe(true);
    const t0 = Date.now();
    g.stdin.end();
    expect(await waitFor(() => !isAlive(a) && !isAlive(b), 3_000)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(await waitFor(() => g.exitCode !== null, 2_000)).toBe(true);
  });

  it('no heartbeat for --stale-ms: ends the children but keeps running; beats keep them alive', async () => {
    const { g, lines, ready, send } = startGuard(['--stale-ms', '600', '--check-ms', '100']);
    await ready;
    const kept = dummyChild();
    send({ watch: kept });
    // Beats every 150 ms for 1.2 s: well past the stale window, so only the beats keep it.
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 150));
      send({ beat: 1 });
    }
    expect(isAlive(kept)).toBe(true);
    // Now silence (a frozen engine).
    expect(await waitFor(() => !isAlive(kept), 3_000)).toBe(true);
    expect(
      await waitFor(() => lines.some((l) => l.includes('"killed"') && l.includes('no heartbeat')), 2_000),
    ).toBe(true);
    expect(g.exitCode).toBeNull();
    // It still guards children started after the engine came back.
    const later = dummyChild();
    send({ watch: later });
    g.stdin.end();
    expect(await waitFor(() => !isAlive(later), 3_000)).toBe(true);
  });

  it('forgotten children are left alone', async () => {
    const { g, ready, send } = startGuard([]);
    await ready;
    const child = dummyChild();
    send({ watch: child });
    send({ forget: child });
    g.stdin.end();
    expect(await waitFor(() => g.exitCode !== null, 3_000)).toBe(true);
    expect(isAlive(child)).toBe(true);
  });
});
