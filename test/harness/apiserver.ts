// Faults on one cluster's kube-apiserver. kwokctl has no per-component stop/start on the
// command line, but `kwokctl start cluster` starts only the components whose pid file
// is missing or dead, with the saved args (same port, same certificates). So: stop =
// SIGKILL the PID from the pid file and remove the file; start = `kwokctl start cluster`
// (about 5 s). Pause/resume = SIGSTOP/SIGCONT: the port stays open, requests hang.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { waitPortClosed } from './ports.ts';
import { isAlive, procState, readPidFile, signal, waitGone } from './procs.ts';
import { waitFor } from './wait.ts';

/** The pid file kwokctl writes for a component (named after the binary in <cluster>/bin). */
export const pidFile = (clusterDir: string, component: string): string =>
  join(clusterDir, 'pids', `${component}.pid`);

/** PID of a running component, or undefined. */
export function componentPid(clusterDir: string, component: string): number | undefined {
  const pid = readPidFile(pidFile(clusterDir, component));
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

function apiServerPid(clusterDir: string): number {
  const pid = componentPid(clusterDir, 'kube-apiserver');
  if (pid === undefined) throw new Error(`kube-apiserver of ${clusterDir} is not running`);
  return pid;
}

/** Kills the API server like a crash would, and waits until its port refuses connections. */
export async function killApiServer(clusterDir: string, port: number): Promise<void> {
  const pid = apiServerPid(clusterDir);
  signal(pid, 'SIGCONT'); // a paused server must not stay half-alive
  signal(pid, 'SIGKILL');
  await waitGone([pid]);
  await waitPortClosed(port);
  // Without the pid file kwokctl treats it as stopped even if the PID is reused later.
  await rm(pidFile(clusterDir, 'kube-apiserver'), { force: true });
}

/**
 * SIGSTOP: the socket keeps accepting connections but nothing answers. Resolves once the
 * process is really stopped (group stop of a many-threaded process is not instant).
 */
export async function pauseApiServer(clusterDir: string): Promise<void> {
  const pid = apiServerPid(clusterDir);
  signal(pid, 'SIGSTOP');
  await waitFor(() => procState(pid) === 'T', {
    timeoutMs: 5_000,
    intervalMs: 10,
    what: 'kube-apiserver stopped',
  });
}

/** SIGCONT: a paused server carries on (harmless when it is not paused). */
export function resumeApiServer(clusterDir: string): void {
  const pid = componentPid(clusterDir, 'kube-apiserver');
  if (pid !== undefined) signal(pid, 'SIGCONT');
}

/** The components that talk to the API server as clients and must resume after an outage. */
export const apiClientComponents = ['kube-controller-manager', 'kube-scheduler'] as const;

/**
 * Ends the controller manager and the scheduler so that the next `kwokctl start` runs them
 * afresh. After an outage client-go's reflectors resume only after their reconnect backoff
 * (measured here: up to a minute before a new Deployment got its pods), and now and then
 * the processes exit on their own while the API server is gone; fresh ones list at once.
 */
export async function endApiClients(clusterDir: string): Promise<void> {
  const pids: number[] = [];
  for (const c of apiClientComponents) {
    const pid = componentPid(clusterDir, c);
    if (pid !== undefined) {
      signal(pid, 'SIGKILL');
      pids.push(pid);
    }
    await rm(pidFile(clusterDir, c), { force: true });
  }
  await waitGone(pids);
}

/** Components among the API clients that are not running. */
export function missingApiClients(clusterDir: string): string[] {
  return apiClientComponents.filter((c) => componentPid(clusterDir, c) === undefined);
}
