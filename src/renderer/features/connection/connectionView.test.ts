import { describe, expect, it } from 'vitest';
import { connectionView } from './connectionView';

describe('connectionView', () => {
  it('a page without a token gets the token screen, whatever else is known', () => {
    expect(connectionView({ status: 'no-token', everOpen: false, serverUp: undefined })).toBe('no-token');
  });

  it('connected is ok, and the first connection on its way is connecting', () => {
    expect(connectionView({ status: 'open', everOpen: true, serverUp: undefined })).toBe('ok');
    expect(connectionView({ status: 'connecting', everOpen: false, serverUp: undefined })).toBe('connecting');
  });

  it('a connection that was open and dropped is lost, while reconnect attempts come and go', () => {
    for (const status of ['closed', 'connecting', 'refused'] as const) {
      expect(connectionView({ status, everOpen: true, serverUp: undefined })).toBe('lost');
      expect(connectionView({ status, everOpen: true, serverUp: false })).toBe('lost');
    }
  });

  it('a refusal while the server still answers is a token problem: new after a restart, wrong from the start', () => {
    expect(connectionView({ status: 'refused', everOpen: true, serverUp: true })).toBe('new-token');
    expect(connectionView({ status: 'connecting', everOpen: true, serverUp: true })).toBe('new-token');
    expect(connectionView({ status: 'refused', everOpen: false, serverUp: true })).toBe('wrong-token');
  });

  it('never connected and no server answering is unreachable', () => {
    expect(connectionView({ status: 'refused', everOpen: false, serverUp: false })).toBe('unreachable');
  });
});
