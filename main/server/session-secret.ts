import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh session secret: 256 random bits, base64url (URL-fragment safe, 43 characters). */
export function generateSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compare a presented secret with the real one in constant time.
 * Both are hashed first so the comparison also hides the real secret's length.
 */
export function secretsMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The shortest secret `startWebServer` accepts when one is passed in (128 bits of base64url). */
export const MIN_SECRET_LENGTH = 22;
