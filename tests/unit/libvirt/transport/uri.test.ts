import { describe, expect, it } from 'vitest';
import { driverUriOf, LibvirtUriError, parseLibvirtUri } from '../../../../main/libvirt/transport';

describe('parseLibvirtUri', () => {
  it('parses local URIs as unix transport', () => {
    expect(parseLibvirtUri('qemu:///system')).toMatchObject({ driver: 'qemu', transport: 'unix', user: null, host: null, port: null, path: '/system', params: {} });
    expect(parseLibvirtUri('qemu:///session')).toMatchObject({ transport: 'unix', path: '/session' });
    expect(parseLibvirtUri('test:///default')).toMatchObject({ driver: 'test', transport: 'unix', path: '/default' });
    expect(parseLibvirtUri('test:///abs/path/node.xml')).toMatchObject({ driver: 'test', path: '/abs/path/node.xml' });
  });

  it('parses +unix with a socket parameter', () => {
    const u = parseLibvirtUri('qemu+unix:///system?socket=/tmp/lab/libvirt-sock');
    expect(u).toMatchObject({ driver: 'qemu', transport: 'unix', transportAsWritten: 'unix', path: '/system', params: { socket: '/tmp/lab/libvirt-sock' } });
    expect(parseLibvirtUri('test+unix:///default?socket=/x').params.socket).toBe('/x');
  });

  it('parses +tcp with host and port', () => {
    expect(parseLibvirtUri('qemu+tcp://host.example:16509/system')).toMatchObject({ transport: 'tcp', host: 'host.example', port: 16509, user: null });
  });

  it('parses +ssh with user, port and every client-side parameter', () => {
    const u = parseLibvirtUri(
      'qemu+ssh://root@127.0.0.1:2222/system?keyfile=/k/id&known_hosts=/k/kh&no_verify=1&socket=/s/sock&proxy=netcat&netcat=/usr/bin/nc&mode=legacy&no_tty=1',
    );
    expect(u).toMatchObject({ driver: 'qemu', transport: 'ssh', user: 'root', host: '127.0.0.1', port: 2222, path: '/system' });
    expect(u.params).toEqual({ keyfile: '/k/id', known_hosts: '/k/kh', no_verify: '1', socket: '/s/sock', proxy: 'netcat', netcat: '/usr/bin/nc', mode: 'legacy', no_tty: '1' });
  });

  it('handles IPv6 hosts, percent-encoding, literal plus signs and ";" separators', () => {
    expect(parseLibvirtUri('qemu+ssh://[::1]:22/system')).toMatchObject({ host: '::1', port: 22 });
    expect(parseLibvirtUri('qemu+ssh://ad%40min@h/system').user).toBe('ad@min');
    expect(parseLibvirtUri('qemu+unix:///system?socket=/a+b/c%20d').params.socket).toBe('/a+b/c d');
    expect(parseLibvirtUri('qemu+ssh://h/system?keyfile=/k;no_tty=1').params).toEqual({ keyfile: '/k', no_tty: '1' });
    expect(parseLibvirtUri('QEMU+SSH://h/system')).toMatchObject({ driver: 'qemu', transport: 'ssh' });
  });

  it('treats libssh and libssh2 as ssh, and a host without transport as tls', () => {
    expect(parseLibvirtUri('qemu+libssh2://u@h/system').transport).toBe('ssh');
    expect(parseLibvirtUri('qemu://h/system')).toMatchObject({ transport: 'tls', transportAsWritten: null });
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['not a uri', /expected driver/],
    ['qemu:/system', /missing "\/\/"/],
    ['qemu+foo:///system', /unknown transport "foo"/],
    ['qemu+ext:///system', /ext transport/],
    ['qemu+ssh:///system', /ssh transport needs a host/],
    ['qemu+tcp:///system', /tcp transport needs a host/],
    ['qemu+unix://host/system', /cannot name a user or host/],
    ['qemu+ssh://u:pw@h/system', /passwords in URIs/],
    ['qemu+ssh://h:99999/system', /port "99999"/],
    ['qemu+ssh://h:abc/system', /port "abc"/],
    ['qemu+ssh://h/system?proxy=magic', /proxy=magic is not one of auto, netcat, native/],
    ['qemu+ssh://h/system?no_verify=yes', /no_verify=yes/],
    ['qemu+unix:///system?socket=relative/sock', /socket= must be an absolute path/],
    ['qemu+ssh://h/system#frag', /fragments/],
    ['qemu+ssh+tcp://h/system', /more than one/],
    ['esx://h/', /client library/],
    ['qemu+ssh://h/system?keyfile=%zz', /percent-encoding/],
    ['qemu+ssh://h system/x', /not a valid host name/],
    // Parameters we do not implement are refused by name instead of being ignored.
    ['qemu+ssh://h/system?command=/usr/local/bin/myssh', /command= .*not supported/],
    ['qemu+ssh://h/system?keyfile=/k&command=x', /"command"|command=/],
    ['qemu+ssh://h/system?sshauth=privkey', /sshauth= .*not supported/],
    ['qemu+ssh://h/system?known_hosts_verify=ignore', /known_hosts_verify= .*not supported/],
    ['qemu+ssh://h/system?auth=sasl', /auth= .*not supported/],
    ['qemu+ssh://h/system?pkipath=/pki', /pkipath= .*TLS/],
    ['qemu+ssh://h/system?tls_priority=NORMAL', /tls_priority= .*TLS/],
    ['qemu+tcp://h/system?tls=1', /tls= .*TLS/],
    ['qemu+ssh://h/system?kefile=/k', /unknown parameter "kefile"/],
    ['qemu:///system?foo', /unknown parameter "foo"/],
    ['vbox+ssh://h/session?custom=a%20b', /unknown parameter "custom"/],
    ['qemu+ssh://h/system?no_tty=yes', /no_tty=yes/],
    // Control characters, raw or percent-encoded, would reach terminals and the remote shell's argv.
    ['test:///%1b%5d0;x%07.xml', /path contains a control character \(\\x1b\)/],
    ['qemu+ssh://r%0aoot@h/system', /user name contains a control character \(\\x0a\)/],
    ['qemu+ssh://h/system?keyfile=/k/%1b', /value of keyfile contains a control character/],
    ['qemu:///system\u001b', /control character/],
  ];
  it('accepts every parameter it implements (the lab URIs use socket, keyfile, known_hosts)', () => {
    const all = 'qemu+ssh://h/system?socket=/s&keyfile=/k&known_hosts=/kh&no_verify=0&no_tty=1&proxy=auto&netcat=nc&mode=auto&name=qemu:///system';
    expect(Object.keys(parseLibvirtUri(all).params)).toEqual(['socket', 'keyfile', 'known_hosts', 'no_verify', 'no_tty', 'proxy', 'netcat', 'mode', 'name']);
  });

  it.each(bad)('rejects %j with a precise reason', (uri, reason) => {
    expect(() => parseLibvirtUri(uri)).toThrow(LibvirtUriError);
    expect(() => parseLibvirtUri(uri)).toThrow(reason);
  });
});

describe('driverUriOf', () => {
  const cases: [string, string][] = [
    ['qemu:///system', 'qemu:///system'],
    ['qemu:///session', 'qemu:///session'],
    ['qemu+ssh://admin@h:2222/system?keyfile=k', 'qemu:///system'],
    ['qemu+ssh://admin@host:2222/system?keyfile=k&no_tty=1', 'qemu:///system'],
    ['test+ssh://u@h/default', 'test:///default'],
    ['test+unix:///default?socket=/x', 'test:///default'],
    ['test:///abs/path.xml', 'test:///abs/path.xml'],
    ['qemu+tcp://h/system', 'qemu:///system'],
    ['qemu+ssh://h/system?socket=/s&proxy=auto&netcat=nc&mode=direct&known_hosts=/k&no_verify=1', 'qemu:///system'],
    // name= overrides everything, as in libvirt.
    ['qemu+ssh://h/system?name=qemu:///embed', 'qemu:///embed'],
    // The remote driver lets the daemon choose.
    ['remote+ssh://h/', ''],
  ];
  it.each(cases)('%s → %s', (uri, expected) => {
    expect(driverUriOf(parseLibvirtUri(uri))).toBe(expected);
  });
});
