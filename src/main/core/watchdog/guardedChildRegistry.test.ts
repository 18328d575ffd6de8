import { afterEach, describe, expect, it } from 'vitest';
import { GuardedChildRegistry } from './guardedChildRegistry';
import { isAlive } from './processIdentity';

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

const guards: GuardedChildRegistry[] = [];
afterEach(async () => {
  for (const g of guards.splice(0)) await g.close();
});

describe('GuardedChildRegistry.spawn', () => {
  it('tracks the child from spawn to exit, records its identity, and starts the guard', async () => {
    const registry = new GuardedChildRegistry();
    guards.push(registry);
    const changes: number[][] = [];
    const off = registry.onChange((list) => changes.push(list.map((r) => r.pid)));
    const { child } = await registry.spawn('sleep', ['1000'], { reject: false, stdin: 'ignore' });
    const pid = child.pid!;
    expect(registry.pids()).toContain(pid);
    expect(registry.guarded).toBe(true);
    expect(await waitFor(() => changes.some((c) => c.includes(pid)), 2_000)).toBe(true);
    expect(registry.records().find((r) => r.pid === pid)?.identity).toMatch(/\S/);
    child.kill('SIGTERM');
    await child;
    expect(registry.pids()).not.toContain(pid);
    expect(changes.at(-1)).not.toContain(pid);
    off();
    await registry.close();
    expect(registry.guarded).toBe(false);
  });
});

describe('GuardedChildRegistry', () => {
  it('close() ends children still watched (the graceful-shutdown backstop)', async () => {
    const guard = new GuardedChildRegistry();
    guards.push(guard);
    const { spawn } = await import('node:child_process');
    const c = spawn('sleep', ['1000'], { stdio: 'ignore' });
    guard.track(c.pid!, 'sleep 1000');
    await new Promise((r) => setTimeout(r, 200)); // the guard is up and has read the watch line
    await guard.close();
    expect(await waitFor(() => c.exitCode !== null || c.signalCode !== null, 3_000)).toBe(true);
  });

  it('a guard that dies is restarted on the next beat and told about live children again', async () => {
    const guard = new GuardedChildRegistry();
    guards.push(guard);
    guard.configure({ timings: { staleMs: 400, checkMs: 100 } }); // beats every 100 ms
    const { spawn } = await import('node:child_process');
    const c = spawn('sleep', ['1000'], { stdio: 'ignore' });
    guard.track(c.pid!, 'sleep 1000');
    const first = guard.guardPid!;
    await new Promise((r) => setTimeout(r, 200));
    process.kill(first, 'SIGKILL');
    expect(await waitFor(() => guard.guardPid !== undefined && guard.guardPid !== first, 3_000)).toBe(true);
    expect(guard.guardFailures).toBe(1);
    expect(isAlive(c.pid!)).toBe(true); // the beats keep it alive
    await new Promise((r) => setTimeout(r, 200));
    await guard.close(); // the new guard knows the child: it ends it
    expect(await waitFor(() => c.exitCode !== null || c.signalCode !== null, 3_000)).toBe(true);
  });
});
