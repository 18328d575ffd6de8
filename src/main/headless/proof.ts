import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The challenge–response that lets the CLI check, before it sends the token, that the engine
 * on the port named in server.json holds that token: the CLI sends a fresh random challenge,
 * the engine answers HMAC-SHA256(token, challenge). A program that took the port after the
 * engine died cannot answer, and learns nothing it could replay.
 */

/** 32 random bytes in hex: what the CLI sends. */
export function newChallenge(): string {
  return randomBytes(32).toString('hex');
}

/** Only a challenge of the size the CLI sends is answered: nothing else is signed. */
export function isWellFormedChallenge(challenge: string | null | undefined): challenge is string {
  return typeof challenge === 'string' && /^[0-9a-f]{64}$/.test(challenge);
}

/** HMAC-SHA256(token, challenge), hex. */
export function proofFor(token: string, challenge: string): string {
  return createHmac('sha256', token).update(challenge).digest('hex');
}

/** Constant-time check of an engine's answer. */
export function proofMatches(answer: string, token: string, challenge: string): boolean {
  const a = Buffer.from(answer.trim());
  const b = Buffer.from(proofFor(token, challenge));
  return a.length === b.length && timingSafeEqual(a, b);
}
