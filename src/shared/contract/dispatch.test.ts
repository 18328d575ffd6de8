import { describe, expect, it, vi } from 'vitest';
import { createEventBus } from './bus';
import { commandNames, commands, events } from './channels';
import { createClient, type ClientTransport } from './client';
import { command } from './define';
import { createDispatcher, type Handlers } from './dispatch';
import { ContractError } from './errors';

const log = () => ({ warn: vi.fn(), error: vi.fn() });
const list = { files: ['/k'], contexts: [], problems: [] };
/** Every command answered by a stub that fails; tests replace the ones they use. */
const failing = () =>
  Object.fromEntries(
    commandNames.map((c) => [c, async () => Promise.reject(new Error(`${c} not under test`))]),
  ) as unknown as Handlers;
const handlers = (): Handlers => ({
  ...failing(),
  'contexts:list': vi.fn(async () => list),
  'app:info': vi.fn(async () => ({ version: '1.0.0', mode: 'headless' as const, home: '/h' })),
});

describe('createDispatcher', () => {
  it('parses the payload before the handler runs; a bad one never reaches it', async () => {
    const h = handlers();
    const l = log();
    const dispatch = createDispatcher(h, l);
    const reply = await dispatch('contexts:list', { extra: true }, { transport: 'in-process' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(h['contexts:list']).not.toHaveBeenCalled();
    expect(l.warn).toHaveBeenCalledWith(
      'refused malformed payload',
      expect.objectContaining({ channel: 'contexts:list' }),
    );
  });

  it('unknown channels, including prototype keys, are refused', async () => {
    const dispatch = createDispatcher(handlers(), log());
    for (const ch of ['nope:nope', 'constructor', '__proto__', 'toString', 42, null]) {
      expect(await dispatch(ch, {}, { transport: 'in-process' })).toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      });
    }
  });

  it('a handler that throws becomes an internal error reply, logged, never a crash', async () => {
    const h = handlers();
    h['app:info'] = async () => {
      throw new Error('boom');
    };
    const l = log();
    const reply = await createDispatcher(h, l)('app:info', {}, { transport: 'in-process' });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('boom') },
    });
    expect(l.error).toHaveBeenCalled();
  });

  it('a ContractError from a handler keeps its code and field issues', async () => {
    const h = handlers();
    h['app:info'] = async () => {
      throw new ContractError('conflict', 'Port 8080 is in use', [{ path: 'localPort', message: 'in use' }]);
    };
    const reply = await createDispatcher(h, log())('app:info', {}, { transport: 'in-process' });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: 'Port 8080 is in use',
        issues: [{ path: 'localPort', message: 'in use' }],
      },
    });
  });

  it('an answer outside the contract is caught on the way out', async () => {
    const h = handlers();
    h['app:info'] = async () => ({ version: 1 }) as never;
    const l = log();
    const reply = await createDispatcher(h, l)('app:info', {}, { transport: 'in-process' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-response' } });
    expect(l.error).toHaveBeenCalledWith('handler answered outside the contract', expect.anything());
  });
});

describe('event bus and client', () => {
  it('the bus drops an event that breaks its schema, and logs it', () => {
    const l = log();
    const bus = createEventBus(l);
    const seen: unknown[] = [];
    bus.subscribe((c, p) => seen.push([c, p]));
    bus.emit('contexts:changed', { files: 'not-a-list' } as never);
    bus.emit('contexts:changed', list);
    expect(seen).toEqual([['contexts:changed', list]]);
    expect(l.error).toHaveBeenCalledTimes(1);
  });

  it('the client drops malformed or unknown events instead of handing them to the UI', () => {
    let push: (c: string, p: unknown) => void = () => {};
    const transport: ClientTransport = {
      invoke: async () => ({ ok: true, value: list }),
      subscribe: (l) => {
        push = l;
        return () => {};
      },
    };
    const warnings: string[] = [];
    const client = createClient(transport, (w) => warnings.push(w));
    const got: unknown[] = [];
    client.on('contexts:changed', (p) => got.push(p));
    push('contexts:changed', { bogus: true });
    push('evil:event', list);
    push('contexts:changed', list);
    expect(got).toEqual([list]);
    expect(warnings).toHaveLength(2);
  });

  it('a reply that breaks the response schema rejects with bad-response', async () => {
    const client = createClient({
      invoke: async () => ({ ok: true, value: { nope: 1 } }),
      subscribe: () => () => {},
    });
    await expect(client.invoke('contexts:list', {})).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('a transport failure rejects with disconnected', async () => {
    const client = createClient({
      invoke: async () => {
        throw new Error('socket closed');
      },
      subscribe: () => () => {},
    });
    await expect(client.invoke('app:info', {})).rejects.toMatchObject({ code: 'disconnected' });
  });
});

describe('the contract is complete at compile time', () => {
  it('every channel has schemas, and Handlers demands every command', () => {
    for (const def of Object.values(commands)) {
      expect(def.req).toBeDefined();
      expect(def.res).toBeDefined();
    }
    expect(Object.keys(events).length).toBeGreaterThan(0);
    // These lines are checked by `tsc -b` (npm test): if the compiler ever accepted them,
    // the unused @ts-expect-error would itself fail the typecheck.
    // @ts-expect-error -- a command needs both a request and a response schema
    command(commands['app:info'].req);
    // @ts-expect-error -- a Handlers object missing a command does not compile
    const partial: Handlers = { 'app:info': handlers()['app:info'] };
    expect(partial).toBeDefined();
  });
});
