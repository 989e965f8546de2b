import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from '../../../main/static/static-files';

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
