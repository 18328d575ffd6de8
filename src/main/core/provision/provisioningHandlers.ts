import type { Handlers } from '../../../shared/contract';
import type { ProvisioningService } from './provisioningService';

type ProvisioningHandlers = Pick<
  Handlers,
  'provisioning:list' | 'provisioning:subscribe' | 'provisioning:unsubscribe'
>;

/** The contract's provisioning commands, answered from the provisioning service. */
export function provisioningHandlers(service: ProvisioningService): ProvisioningHandlers {
  return {
    'provisioning:list': async ({ context }) => ({ contexts: await service.list(context) }),
    // Limits are per window or tab; a caller that does not say which is its transport.
    'provisioning:subscribe': async ({ client, ...target }, ctx) =>
      service.subscribe(target, client ?? ctx.transport),
    'provisioning:unsubscribe': async ({ subscriptionId }) => ({
      removed: service.unsubscribe(subscriptionId),
    }),
  };
}
