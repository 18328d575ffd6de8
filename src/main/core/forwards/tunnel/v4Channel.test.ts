import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataMessage, V4Reader } from './v4Channel';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('v4.channel.k8s.io messages', () => {
  it('reads the port prefixes the server sends first (5432 = 0x1538, little-endian), then data and error', () => {
    const r = new V4Reader(5432);
    expect(r.ready).toBe(false);
    expect(r.read(hex('00 38 15'))).toEqual({ kind: 'port', channel: 0, port: 5432 });
    expect(r.ready).toBe(true);
    expect(r.read(hex('01 38 15'))).toEqual({ kind: 'port', channel: 1, port: 5432 });
    expect(r.read(hex('00 68 69'))).toEqual({ kind: 'data', bytes: Buffer.from('hi') });
    // After its prefix, three bytes on the data channel are data, not another prefix.
    expect(r.read(hex('00 38 15'))).toEqual({ kind: 'data', bytes: hex('38 15') });
    const err = 'error forwarding port 5432 to pod abc, uid : connect: connection refused';
    expect(r.read(Buffer.concat([hex('01'), Buffer.from(`${err}\n`)]))).toEqual({ kind: 'error', text: err });
  });

  it('refuses what the protocol does not allow, saying what was wrong', () => {
    expect(new V4Reader(80).read(Buffer.alloc(0))).toMatchObject({ kind: 'invalid', reason: /empty/ });
    expect(new V4Reader(80).read(hex('02 50 00'))).toMatchObject({ kind: 'invalid', reason: /channel 2/ });
    expect(new V4Reader(80).read(hex('00 50'))).toMatchObject({ kind: 'invalid', reason: /1 bytes after/ });
    expect(new V4Reader(80).read(hex('00 50 00 00'))).toMatchObject({
      kind: 'invalid',
      reason: /3 bytes after/,
    });
    expect(new V4Reader(80).read(hex('00 51 00'))).toMatchObject({
      kind: 'invalid',
      reason: /port 81, not .* 80/,
    });
  });

  it('a data message is the channel byte 0, then the bytes unchanged', () => {
    expect(dataMessage(Buffer.from('GET /'))).toEqual(hex('00 47 45 54 20 2f'));
    expect(dataMessage(Buffer.alloc(0))).toEqual(hex('00'));
  });

  it('any sequence of messages gets a meaning, never a throw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.array(fc.uint8Array({ maxLength: 16 })),
        (port, msgs) => {
          const r = new V4Reader(port);
          for (const m of msgs) {
            const out = r.read(Buffer.from(m));
            expect(['port', 'data', 'error', 'invalid']).toContain(out.kind);
            if (out.kind === 'invalid') expect(out.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round trip: what dataMessage frames, a reader past its prefix reads back as the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const r = new V4Reader(8080);
        r.read(hex('00 90 1f'));
        expect(r.read(dataMessage(Buffer.from(bytes)))).toEqual({ kind: 'data', bytes: Buffer.from(bytes) });
      }),
      { numRuns: 200 },
    );
  });
});
