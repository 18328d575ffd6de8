import { describe, expect, it } from 'vitest';
import {
  MAX_IMPORT_TEXT_CHARS,
  WS_MAX_BUFFERED_BYTES,
  WS_MAX_PAYLOAD_BYTES,
  isStalledClient,
} from './limits';
import { commands } from './channels';

describe('transport limits', () => {
  it('the largest import the contract accepts fits in one frame, however JSON escapes it', () => {
    const worst = JSON.stringify({
      t: 'call',
      id: 1,
      channel: 'forwards:import',
      payload: { text: '\u0001'.repeat(1000) },
    });
    const perChar =
      (worst.length -
        JSON.stringify({ t: 'call', id: 1, channel: 'forwards:import', payload: { text: '' } }).length) /
      1000;
    expect(perChar).toBe(6);
    expect(MAX_IMPORT_TEXT_CHARS * perChar + 4096).toBeLessThanOrEqual(WS_MAX_PAYLOAD_BYTES);
  });

  it('forwards:import refuses one character more than the limit as too large', () => {
    const req = commands['forwards:import'].req;
    expect(req.safeParse({ text: 'x'.repeat(MAX_IMPORT_TEXT_CHARS) }).success).toBe(true);
    const r = req.safeParse({ text: 'x'.repeat(MAX_IMPORT_TEXT_CHARS + 1) });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^too large/);
  });

  it('a client is stalled only past the cap', () => {
    expect(isStalledClient(0)).toBe(false);
    expect(isStalledClient(WS_MAX_BUFFERED_BYTES)).toBe(false);
    expect(isStalledClient(WS_MAX_BUFFERED_BYTES + 1)).toBe(true);
    expect(isStalledClient(10, 5)).toBe(true);
  });
});
