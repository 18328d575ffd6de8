import { ContractError, type ClusterList, type Handlers } from '../../../shared/contract';
import { filterPods } from '../../../shared/logic/podQuery';
import { redactSecrets } from '../../../shared/logic/text/redact';
import type { ClusterHealthManager } from './clusterHealthManager';

type ClusterHandlers = Pick<
  Handlers,
  | 'clusters:list'
  | 'clusters:monitor'
  | 'clusters:recheck'
  | 'clusters:pods'
  | 'clusters:events'
  | 'clusters:pod'
  | 'clusters:podLogs'
  | 'clusters:history'
  | 'clusters:peek'
>;

/** The holder name for the user's own "monitor this context" switch. */
export const USER_HOLDER = 'user';

/** The contract's cluster commands, answered from the health manager. */
export function clusterHandlers(
  manager: ClusterHealthManager,
  monitored: {
    list(): string[];
    set(context: string, on: boolean): void;
    known(context: string): boolean;
    /** The monitored set changed: tell every client (the one that asked gets the reply too). */
    announce(list: ClusterList): void;
  },
): ClusterHandlers {
  const list = (): ClusterList => {
    const wanted = monitored.list();
    return {
      clusters: manager.summaries(),
      monitored: wanted,
      problems: wanted.flatMap((context) => {
        const message = manager.problem(context);
        return message ? [{ context, message: redactSecrets(message) }] : [];
      }),
    };
  };
  const monitorOf = (context: string) => {
    try {
      return manager.monitor(context);
    } catch {
      throw new ContractError(
        'not-found',
        `Context "${context}" is not monitored. Switch monitoring on for it first.`,
      );
    }
  };
  return {
    'clusters:list': async () => list(),
    'clusters:monitor': async ({ context, enabled }) => {
      if (enabled && !monitored.known(context)) {
        throw new ContractError('not-found', `Unknown context "${context}": it is not in your kubeconfig.`);
      }
      const before = monitored.list().includes(context);
      monitored.set(context, enabled);
      const now = list();
      if (before !== enabled) monitored.announce(now);
      return now;
    },
    'clusters:recheck': async ({ context }) => {
      if (context) monitorOf(context);
      return { clusters: await manager.recheck(context, 'requested') };
    },
    'clusters:pods': async ({ context, namespace, text, problemsOnly, offset, limit }) => {
      const m = monitorOf(context);
      const all = filterPods(m.pods(), { namespace, text, problemsOnly });
      return {
        total: all.length,
        items: all.slice(offset, offset + limit),
        status: m.listStatus('pods', namespace),
      };
    },
    'clusters:events': async ({ context, sinceMs, warningsOnly, limit }) => {
      const m = monitorOf(context);
      const items = m
        .events(sinceMs)
        .filter((e) => !warningsOnly || e.type === 'Warning')
        .slice(0, limit);
      // The events store keeps only the newest Normal events (eventStore.ts): a list it cut says so.
      const kept = m.eventRetention();
      return { items, status: { ...m.listStatus('events'), ...(kept?.truncated ? kept : {}) } };
    },
    'clusters:pod': async ({ context, namespace, name }) => {
      try {
        return await monitorOf(context).describePod(namespace, name);
      } catch (err) {
        if (err instanceof ContractError) throw err;
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 404)
          throw new ContractError('not-found', `Pod ${namespace}/${name} does not exist in ${context}.`);
        throw err;
      }
    },
    'clusters:podLogs': async (req) => await monitorOf(req.context).podLogs(req),
    'clusters:history': async ({ context }) => ({ samples: monitorOf(context).history.toArray() }),
    'clusters:peek': async ({ context, holdMs }) => {
      if (!monitored.known(context)) {
        throw new ContractError('not-found', `Unknown context "${context}": it is not in your kubeconfig.`);
      }
      return { summary: await manager.peek(context, holdMs) };
    },
  };
}
