import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../main/server/security-headers';
import { generateSessionSecret, secretsMatch } from '../../../main/server/session-secret';
import { contentTypeOf, resolveStaticPath } from '../../../main/server/static-files';
import { TokenBucket } from '../../../main/server/token-bucket';

describe('resolveStaticPath', () => {
  const root = '/srv/renderer';

  it('maps URL paths inside the root, / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe('/srv/renderer/index.html');
    expect(resolveStaticPath(root, '/assets/app.js')).toBe('/srv/renderer/assets/app.js');
    expect(resolveStaticPath(root, '/assets/')).toBe('/srv/renderer/assets/index.html');
    expect(resolveStaticPath(root, '/a%20b.js')).toBe('/srv/renderer/a b.js');
  });

  it('refuses anything that escapes the root or smuggles bytes', () => {
    for (const path of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/assets/../../x', '/a%00.js', '/a\\..\\b', '/%E0%A4%A', 'relative', '/..']) {
      expect(resolveStaticPath(root, path), path).toBeNull();
    }
    // Staying inside after a `..` is fine.
    expect(resolveStaticPath(root, '/assets/../index.html')).toBe('/srv/renderer/index.html');
    // A sibling directory whose name starts like the root's is outside.
    expect(resolveStaticPath(root, '/../renderer-evil/x')).toBeNull();
  });

  it('names module scripts as JavaScript (browsers refuse them otherwise)', () => {
    expect(contentTypeOf('x/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('blob')).toBe('application/octet-stream');
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and styles, and adds extra connect sources', () => {
    const csp = contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:1'] });
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self' ws://127.0.0.1:1", "object-src 'none'"]),
    );
    expect(contentSecurityPolicy()).toContain("connect-src 'self';");
  });
});

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

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 10, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now += 100; // one token at 10/s
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000; // never more than the capacity
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});
