import { describe, expect, it } from 'vitest';
import { claimsCollide, findCollision } from './conflicts';

const at = (localPort: number | 'auto', bindAddress = '127.0.0.1') => ({ localPort, bindAddress });

describe('claimsCollide', () => {
  it('collides on the same port and address', () => {
    expect(claimsCollide(at(3006), at(3006))).toBe(true);
    expect(claimsCollide(at(3006), at(3007))).toBe(false);
  });

  it('never collides on auto ports', () => {
    expect(claimsCollide(at('auto'), at('auto'))).toBe(false);
  });

  it('lets different specific addresses share a port', () => {
    expect(claimsCollide(at(80, '127.0.0.1'), at(80, '127.0.0.2'))).toBe(false);
    expect(claimsCollide(at(80, '127.0.0.1'), at(80, '::1'))).toBe(false);
  });

  it('treats wildcard and localhost as overlapping', () => {
    expect(claimsCollide(at(80, '0.0.0.0'), at(80, '127.0.0.2'))).toBe(true);
    expect(claimsCollide(at(80, '::'), at(80, '127.0.0.1'))).toBe(true);
    expect(claimsCollide(at(80, 'localhost'), at(80, '::1'))).toBe(true);
  });
});

describe('findCollision', () => {
  it('returns the first earlier claim that collides', () => {
    const earlier = [
      { entry: 'a', ...at(1) },
      { entry: 'b', ...at(2) },
      { entry: 'c', ...at(2) },
    ];
    expect(findCollision(at(2), earlier)?.entry).toBe('b');
    expect(findCollision(at(3), earlier)).toBeUndefined();
  });
});
