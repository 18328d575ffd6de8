import { ContractError, type Handlers } from '../../../shared/contract';
import type { ImportResult } from '../../../shared/domain/importResult';
import type { ForwardSupervisor } from './forwardSupervisor';
import { listNamespaces, listTargets } from './targetCatalog';
import type { LentClient } from './targetClient';

type ForwardHandlers = Pick<
  Handlers,
  | 'forwards:list'
  | 'forwards:start'
  | 'forwards:stop'
  | 'forwards:retry'
  | 'forwards:namespaces'
  | 'forwards:stopAll'
  | 'forwards:startAll'
  | 'forwards:save'
  | 'forwards:delete'
  | 'forwards:import'
  | 'forwards:export'
  | 'forwards:samples'
  | 'forwards:targets'
>;

/**
 * The contract's port-forward commands, answered by the supervisor (targets by the API).
 * `onImported` sees every import that was saved (not a dry run), for what it carries besides
 * forwards (LocalPort's cluster health settings).
 */
export function forwardHandlers(
  supervisor: ForwardSupervisor,
  clientFor: (context: string) => LentClient,
  onImported: (result: ImportResult) => void = () => {},
): ForwardHandlers {
  return {
    'forwards:list': async () => ({ forwards: supervisor.list() }),
    'forwards:start': ({ id }) => supervisor.start(id),
    'forwards:stop': ({ id }) => supervisor.stop(id),
    'forwards:retry': async ({ id }) => supervisor.retry(id),
    'forwards:stopAll': async () => ({ forwards: await supervisor.stopAll() }),
    'forwards:startAll': () => supervisor.startAll(),
    'forwards:save': ({ forward, start }) => supervisor.save(forward, { start: start === true }),
    'forwards:delete': async ({ id }) => {
      await supervisor.delete(id);
      return { id };
    },
    'forwards:import': async (req) => {
      const reply = await supervisor.importText(req);
      if (!reply.dryRun) onImported(reply.result);
      return reply;
    },
    'forwards:export': async ({ ids }) => ({ text: supervisor.exportText(ids) }),
    'forwards:samples': async ({ id }) => ({ samples: supervisor.samplesOf(id) }),
    'forwards:namespaces': async ({ context }) => {
      const { client, done } = clientFor(context);
      try {
        return await listNamespaces(client, context);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new ContractError('conflict', `Cannot list namespaces in ${context}: ${why}`);
      } finally {
        done();
      }
    },
    'forwards:targets': async ({ context, namespace }) => {
      const { client, done } = clientFor(context);
      try {
        return await listTargets(client, context, namespace);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new ContractError('conflict', `Cannot list targets in ${context}/${namespace}: ${why}`);
      } finally {
        done();
      }
    },
  };
}
