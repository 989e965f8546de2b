import { describe, expect, it } from 'vitest';
import { generateSessionSecret, secretsMatch } from '../../../main/server/session-secret';

describe('session secret', () => {
  it('is 256 random bits in base64url', () => {
    const secret = generateSessionSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(generateSessionSecret()).not.toBe(secret);
  });

  it('matches only the exact secret, whatever the lengths', () => {
    const secret = generateSessionSecret();
    expect(secretsMatch(secret, secret)).toBe(true);
    expect(secretsMatch(`${secret}x`, secret)).toBe(false);
    expect(secretsMatch(secret.slice(1), secret)).toBe(false);
    expect(secretsMatch('', secret)).toBe(false);
  });
});
