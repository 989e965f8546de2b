import { describe, expect, it } from 'vitest';
import { buildUri, parseUri, uriPartsProblems } from '../../../../../renderer/features/hosts/host-uri';

describe('host URI parts', () => {
  it('splits and rebuilds SSH, local and test URIs unchanged, keeping the query as written', () => {
    for (const uri of ['qemu+ssh://root@hv1.example.org:2222/system?keyfile=/k&known_hosts=/kh', 'qemu:///system', 'test+unix:///default?socket=/run/x.sock', 'qemu+tls://[fd00::1]:16514/system']) {
      const parts = parseUri(uri);
      expect(parts, uri).not.toBeNull();
      if (parts !== null) expect(buildUri(parts)).toBe(uri);
    }
    expect(parseUri('qemu+ssh://ops@hv1/system')).toEqual({ driver: 'qemu', transport: 'ssh', user: 'ops', host: 'hv1', port: '', path: '/system', query: '' });
  });

  it('refuses what is not a libvirt URI or names an unknown transport', () => {
    expect(parseUri('hv1.example.org')).toBeNull();
    expect(parseUri('qemu+carrier-pigeon://hv1/system')).toBeNull();
  });

  it('names each field that is wrong', () => {
    const ok = parseUri('qemu+ssh://root@hv1:22/system');
    if (ok === null) throw new Error('unparsed');
    expect(uriPartsProblems(ok)).toEqual({});
    expect(uriPartsProblems({ ...ok, port: '70000', host: '', user: 'a@b', path: 'system' })).toEqual({
      port: 'A port is 1-65535',
      host: 'The ssh transport needs a host',
      user: "A user name has no '@', '/', '?' or spaces",
      path: 'A path such as /system',
    });
    expect(uriPartsProblems({ ...ok, transport: '', host: '' })).toEqual({});
  });
});
