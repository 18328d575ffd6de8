import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isWellFormedChallenge, newChallenge, proofFor, proofMatches } from './proof';

describe('engine proof', () => {
  it('is HMAC-SHA256(token, challenge) in hex', () => {
    const c = newChallenge();
    expect(proofFor('tok', c)).toBe(createHmac('sha256', 'tok').update(c).digest('hex'));
  });

  it('matches only for the same token and challenge', () => {
    const c = newChallenge();
    expect(proofMatches(proofFor('tok', c), 'tok', c)).toBe(true);
    expect(proofMatches(proofFor('other', c), 'tok', c)).toBe(false);
    expect(proofMatches(proofFor('tok', newChallenge()), 'tok', c)).toBe(false);
    expect(proofMatches('', 'tok', c)).toBe(false);
    expect(proofMatches('a'.repeat(64), 'tok', c)).toBe(false);
  });

  it('answers only challenges of the size the CLI sends', () => {
    expect(isWellFormedChallenge(newChallenge())).toBe(true);
    for (const bad of [null, undefined, '', 'abc', 'g'.repeat(64), 'A'.repeat(64), '0'.repeat(65)]) {
      expect(isWellFormedChallenge(bad)).toBe(false);
    }
  });
});
