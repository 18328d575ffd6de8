import { describe, expect, it } from 'vitest';
import { defaultForwardEngine } from './forwardEngine';

describe('defaultForwardEngine', () => {
  it('is native when nothing chooses', () => {
    expect(defaultForwardEngine({}, undefined)).toBe('native');
  });

  it('is the setting when the environment says nothing', () => {
    expect(defaultForwardEngine({}, 'kubectl')).toBe('kubectl');
    expect(defaultForwardEngine({}, 'native')).toBe('native');
  });

  it('puts the environment over the setting, in any case and spacing', () => {
    expect(defaultForwardEngine({ TETHER_FORWARD_ENGINE: ' KUBECTL ' }, 'native')).toBe('kubectl');
    expect(defaultForwardEngine({ TETHER_FORWARD_ENGINE: 'native' }, 'kubectl')).toBe('native');
  });

  it('ignores an unknown word in the environment', () => {
    expect(defaultForwardEngine({ TETHER_FORWARD_ENGINE: 'spdy' }, 'kubectl')).toBe('kubectl');
    expect(defaultForwardEngine({ TETHER_FORWARD_ENGINE: '' }, undefined)).toBe('native');
  });
});
