import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract';
import { silentLogger } from '../app/log';
import { ProvisioningService } from './provisioningService';

function service(namespaces?: string[]) {
  return new ProvisioningService({
    log: silentLogger,
    clientOf: () => undefined,
    namespaces: () => namespaces,
    emit: () => {},
    notify: () => {},
  });
}

const target = { context: 'ctx', kind: 'ClusterDeployment' as const, namespace: 'team-a', name: 'dev' };

describe('ProvisioningService', () => {
  it('refuses a namespace outside the allow-list, naming the list', async () => {
    const s = service(['kcm-system']);
    const err = await s.subscribe(target, 'w1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect(err).toMatchObject({
      code: 'bad-request',
      message: /"team-a" is not in the provisioning namespace allow-list \(kcm-system\)/,
    });
  });

  it('an empty allow-list means every namespace; an unmonitored context is not-found', async () => {
    const s = service([]);
    await expect(s.subscribe(target, 'w1')).rejects.toMatchObject({
      code: 'not-found',
      message: /not monitored/,
    });
    await expect(s.list('ctx')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('has no watcher for a context without a client, and nothing to stop', async () => {
    const s = service();
    s.sync(['ctx']);
    expect(s.stats()).toEqual({ watchers: 0, openStreams: 0, subscriptions: 0, timers: 0 });
    expect(await s.list()).toEqual([]);
    s.stop();
  });
});
