import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractError, type ClientTransport, type TetherClient } from '../../src/shared/contract';
import type { ClusterList } from '../../src/shared/contract';
import type { ContextList } from '../../src/shared/domain/contexts';
import type { LogRecord } from '../support/memoryLogger';
import type { tempKubeconfig } from '../support/tempKubeconfig';

/** What each transport's setup hands the shared suite. */
export interface ContractRig {
  client: TetherClient;
  /** The transport without the client's own checks, to send what a hostile page could. */
  raw: ClientTransport;
  kube: ReturnType<typeof tempKubeconfig>;
  logs: LogRecord[];
  close(): Promise<void>;
}

/** A promise that resolves with the next matching event, or fails after `ms`. */
function nextEvent<T>(
  subscribe: (cb: (v: T) => void) => () => void,
  match: (v: T) => boolean,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('event did not arrive'));
    }, ms);
    const off = subscribe((v) => {
      if (!match(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

/**
 * The one contract test suite. Every transport runs it unchanged: what a renderer can do
 * and what it is refused must not depend on how it is connected.
 */
export function contractSuite(transport: string, setup: () => Promise<ContractRig>) {
  describe(`contract over ${transport}`, () => {
    let rig: ContractRig;
    beforeEach(async () => {
      rig = await setup();
    });
    afterEach(async () => {
      await rig.close();
    });

    it('contexts:list answers with the kubeconfig’s contexts, no credentials', async () => {
      const list = await rig.client.invoke('contexts:list', {});
      expect(list.contexts.map((c) => c.name)).toEqual(['alpha', 'beta']);
      expect(list.currentContext).toBe('alpha');
      expect(JSON.stringify(list)).not.toContain('not-a-real-token');
    });

    it('app:info says which engine answered', async () => {
      const info = await rig.client.invoke('app:info', {});
      expect(info.version).toMatch(/\d+\.\d+\.\d+/);
    });

    it('contexts:changed is pushed when the kubeconfig changes on disk', async () => {
      await rig.client.invoke('contexts:list', {});
      const changed = nextEvent<ContextList>(
        (cb) => rig.client.on('contexts:changed', cb),
        (l) => l.contexts.some((c) => c.name === 'gamma'),
      );
      rig.kube.rewrite([{ name: 'alpha' }, { name: 'gamma' }], 'gamma');
      const list = await changed;
      expect(list.contexts.map((c) => c.name)).toEqual(['alpha', 'gamma']);
      expect(list.currentContext).toBe('gamma');
    });

    it('clusters:monitored is pushed when a context is switched on or off, so every client agrees; the same state again is silent', async () => {
      const on = nextEvent<ClusterList>(
        (cb) => rig.client.on('clusters:monitored', cb),
        () => true,
      );
      const reply = await rig.client.invoke('clusters:monitor', { context: 'beta', enabled: true });
      const heard = await on;
      expect(heard.monitored).toEqual(['alpha', 'beta']);
      expect(heard.monitored).toEqual(reply.monitored);

      const off = nextEvent<ClusterList>(
        (cb) => rig.client.on('clusters:monitored', cb),
        () => true,
      );
      await rig.client.invoke('clusters:monitor', { context: 'alpha', enabled: false });
      expect((await off).monitored).toEqual(['beta']);

      let extra = 0;
      const stop = rig.client.on('clusters:monitored', () => extra++);
      await rig.client.invoke('clusters:monitor', { context: 'alpha', enabled: false });
      await new Promise((r) => setTimeout(r, 200));
      stop();
      expect(extra).toBe(0);
    });

    it('a malformed payload gets a typed bad-request error, is logged, and never reaches a handler', async () => {
      const reply = (await rig.raw.invoke('contexts:list', { unexpected: 1 })) as {
        ok: boolean;
        error: { code: string; issues: unknown[] };
      };
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('bad-request');
      expect(reply.error.issues.length).toBeGreaterThan(0);
      expect(
        rig.logs.some((r) => r.msg === 'refused malformed payload' && r.fields.channel === 'contexts:list'),
      ).toBe(true);
    });

    it.each([
      ['a string', 'hello'],
      ['an array', [1, 2, 3]],
      ['a number', 42],
      ['a deeply odd object', { a: { b: [null, { c: 'x'.repeat(1000) }] } }],
    ])('payload that is %s is refused without crashing the engine', async (_label, payload) => {
      const reply = (await rig.raw.invoke('app:info', payload)) as { ok: boolean; error: { code: string } };
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      // The engine still answers afterwards.
      await expect(rig.client.invoke('app:info', {})).resolves.toBeTruthy();
    });

    it('an unknown channel gets unknown-channel', async () => {
      const reply = (await rig.raw.invoke('secrets:dump', {})) as { ok: boolean; error: { code: string } };
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    });

    it('the client refuses to send a malformed request and rejects with a ContractError', async () => {
      // @ts-expect-error -- deliberately outside the contract
      const call = rig.client.invoke('contexts:list', { nope: true });
      await expect(call).rejects.toBeInstanceOf(ContractError);
      await expect(call).rejects.toMatchObject({ code: 'bad-request' });
    });
  });
}
