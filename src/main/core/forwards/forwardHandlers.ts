import type { Handlers } from '../../../shared/contract';
import type { ForwardSupervisor } from './forwardSupervisor';

type ForwardHandlers = Pick<
  Handlers,
  | 'forwards:list'
  | 'forwards:start'
  | 'forwards:stop'
  | 'forwards:stopAll'
  | 'forwards:startAll'
  | 'forwards:save'
  | 'forwards:delete'
  | 'forwards:import'
  | 'forwards:export'
  | 'forwards:samples'
>;

/** The contract's port-forward commands, answered by the supervisor. */
export function forwardHandlers(supervisor: ForwardSupervisor): ForwardHandlers {
  return {
    'forwards:list': async () => ({ forwards: supervisor.list() }),
    'forwards:start': ({ id }) => supervisor.start(id),
    'forwards:stop': ({ id }) => supervisor.stop(id),
    'forwards:stopAll': async () => ({ forwards: await supervisor.stopAll() }),
    'forwards:startAll': () => supervisor.startAll(),
    'forwards:save': ({ forward }) => supervisor.save(forward),
    'forwards:delete': async ({ id }) => {
      await supervisor.delete(id);
      return { id };
    },
    'forwards:import': (req) => supervisor.importText(req),
    'forwards:export': async ({ ids }) => ({ text: supervisor.exportText(ids) }),
    'forwards:samples': async ({ id }) => ({ samples: supervisor.samplesOf(id) }),
  };
}
