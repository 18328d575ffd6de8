import { describe, expect, it } from 'vitest';
import { DialError, type DialFailure } from './dialer';
import {
  allForbidden,
  attemptsMessage,
  NATIVE_PROTOCOLS,
  protocolOrder,
  ProtocolMemory,
  worthAnotherProtocol,
} from './protocolChoice';

describe('protocolOrder', () => {
  it('tries SPDY inside a WebSocket, then raw SPDY, then the legacy WebSocket', () => {
    expect(protocolOrder(undefined)).toEqual(['spdy-websocket', 'spdy', 'websocket']);
  });

  it('puts what last worked first and keeps the others, each once', () => {
    for (const p of NATIVE_PROTOCOLS) {
      const order = protocolOrder(p);
      expect(order[0]).toBe(p);
      expect([...order].sort()).toEqual([...NATIVE_PROTOCOLS].sort());
    }
    expect(protocolOrder('spdy')).toEqual(['spdy', 'spdy-websocket', 'websocket']);
  });
});

describe('worthAnotherProtocol', () => {
  const cases: [DialFailure, boolean][] = [
    ['protocol', true],
    ['forbidden', true],
    ['unauthorized', false],
    ['pod-gone', false],
    ['refused', false],
    ['timeout', false],
  ];
  it.each(cases)('a %s failure → %s', (failure, expected) => {
    expect(worthAnotherProtocol(new DialError(failure, 'x'))).toBe(expected);
  });
});

describe('attemptsMessage', () => {
  it('is the one message when one protocol was tried', () => {
    expect(attemptsMessage([{ protocol: 'spdy', message: 'pod gone' }])).toBe('pod gone');
  });

  it('names each protocol with its refusal when several were', () => {
    expect(
      attemptsMessage([
        { protocol: 'spdy-websocket', message: 'may not (403)' },
        { protocol: 'spdy', message: 'answered 400' },
      ]),
    ).toBe('SPDY over WebSocket: may not (403); SPDY: answered 400');
  });

  it('says first that RBAC refused every protocol, then each refusal', () => {
    const attempts = [
      { protocol: 'spdy-websocket', message: 'may not (403): needs get and create', failure: 'forbidden' },
      { protocol: 'spdy', message: 'may not (403): needs create', failure: 'forbidden' },
    ] as const;
    expect(allForbidden(attempts)).toBe(true);
    expect(attemptsMessage(attempts)).toBe(
      'may not port-forward with any protocol (403 each) — SPDY over WebSocket: may not (403): needs get and create; SPDY: may not (403): needs create',
    );
  });
});

describe('allForbidden', () => {
  it('only when every attempt was an RBAC refusal', () => {
    expect(allForbidden([])).toBe(false);
    expect(allForbidden([{ protocol: 'spdy', message: '403', failure: 'forbidden' }])).toBe(true);
    expect(
      allForbidden([
        { protocol: 'spdy-websocket', message: '403', failure: 'forbidden' },
        { protocol: 'spdy', message: '400', failure: 'protocol' },
      ]),
    ).toBe(false);
    expect(allForbidden([{ protocol: 'spdy', message: 'no failure recorded' }])).toBe(false);
  });
});

describe('ProtocolMemory', () => {
  it('remembers per cluster and forgets on request', () => {
    const m = new ProtocolMemory();
    expect(m.lastWorked('a')).toBeUndefined();
    m.worked('a', 'spdy');
    m.worked('b', 'websocket');
    expect(m.lastWorked('a')).toBe('spdy');
    expect(m.lastWorked('b')).toBe('websocket');
    m.forget('a');
    expect(m.lastWorked('a')).toBeUndefined();
    expect(m.lastWorked('b')).toBe('websocket');
  });
});
