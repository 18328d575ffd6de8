import { describe, expect, it } from 'vitest';
import { DialError, type DialFailure } from './dialer';
import {
  allForbidden,
  attemptsMessage,
  sharedHead,
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

  it("when RBAC refused every protocol: what they share once, first, then each protocol's own reason", () => {
    const attempts = [
      {
        protocol: 'spdy-websocket',
        message: 'may not port-forward to pod ns/p (403): pods "p" is forbidden (needs get and create)',
        failure: 'forbidden',
      },
      {
        protocol: 'spdy',
        message:
          'may not port-forward to pod ns/p (403): pods "p" is forbidden: cannot create (needs create)',
        failure: 'forbidden',
      },
    ] as const;
    expect(attemptsMessage(attempts)).toBe(
      'may not port-forward to pod ns/p (403) with any protocol — SPDY over WebSocket: pods "p" is forbidden (needs get and create); SPDY: pods "p" is forbidden: cannot create (needs create)',
    );
  });

  it('refusals with nothing in common still say that no protocol may port-forward', () => {
    expect(
      attemptsMessage([
        { protocol: 'spdy', message: 'denied by policy', failure: 'forbidden' },
        { protocol: 'websocket', message: 'forbidden: no', failure: 'forbidden' },
      ]),
    ).toBe('may not port-forward with any protocol — SPDY: denied by policy; WebSocket (v4): forbidden: no');
  });
});

describe('sharedHead', () => {
  it('is the shared start up to a ": " boundary, never a cut word', () => {
    expect(sharedHead(['a b (403): x y', 'a b (403): x z'])).toBe('a b (403)');
    expect(sharedHead(['a: b: c', 'a: b: d', 'a: e'])).toBe('a');
    expect(sharedHead(['same: text', 'same: text'])).toBe('same');
    expect(sharedHead(['abc', 'abd'])).toBe('');
    expect(sharedHead([])).toBe('');
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

  it('keeps why the better protocols were passed over, while the same protocol goes on working', () => {
    const m = new ProtocolMemory();
    const refused = {
      protocol: 'spdy-websocket',
      message: 'cannot get resource "pods/portforward" (403)',
      failure: 'forbidden',
    } as const;
    m.worked('a', 'spdy', [refused]);
    expect(m.passedOver('a')).toBe('SPDY over WebSocket: cannot get resource "pods/portforward" (403)');
    // The next tunnel goes straight to SPDY: nothing refused this time, the reason stands.
    m.worked('a', 'spdy');
    expect(m.passedOver('a')).toBe('SPDY over WebSocket: cannot get resource "pods/portforward" (403)');
    // Two refusals name each protocol.
    m.worked('a', 'websocket', [
      refused,
      { protocol: 'spdy', message: 'upgrade refused (400)', failure: 'protocol' },
    ]);
    expect(m.passedOver('a')).toBe(
      'SPDY over WebSocket: cannot get resource "pods/portforward" (403); SPDY: upgrade refused (400)',
    );
    // A different protocol with nothing refused (the remembered one failed otherwise), or the best: no reason.
    m.worked('a', 'spdy');
    expect(m.passedOver('a')).toBeUndefined();
    m.worked('a', 'spdy', [refused]);
    m.worked('a', 'spdy-websocket');
    expect(m.passedOver('a')).toBeUndefined();
    m.forget('a');
    expect(m.passedOver('a')).toBeUndefined();
  });
});
