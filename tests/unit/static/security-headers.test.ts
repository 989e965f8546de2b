import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../main/static/security-headers';

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and styles, and adds extra connect sources', () => {
    const csp = contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:1'] });
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self' ws://127.0.0.1:1", "object-src 'none'"]),
    );
    expect(contentSecurityPolicy()).toContain("connect-src 'self';");
  });
});
