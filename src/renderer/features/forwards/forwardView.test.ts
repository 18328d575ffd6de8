import { describe, expect, it } from 'vitest';
import { viaText } from './forwardView';

describe('viaText', () => {
  it('names what carries a running forward, and nothing while no tunnel is up', () => {
    expect(viaText({ protocol: 'websocket' })?.label).toBe('native');
    expect(viaText({ protocol: 'kubectl' })?.label).toBe('kubectl');
    expect(viaText({ protocol: null })).toBeNull();
    expect(viaText({})).toBeNull();
  });
});
