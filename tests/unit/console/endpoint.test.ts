// Where a console is, from real libvirt output (golden files from the lab) and edits of it through main/xml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeVncEndpoint, resolveSerialConsole, resolveVncEndpoint, type EndpointContext } from '../../../main/console/endpoint';
import { ConsoleUnavailableError } from '../../../main/console/errors';
import { DomainXml } from '../../../main/xml';

const golden = (name: string): string => readFileSync(join(import.meta.dirname, '..', 'xml', 'golden', name), 'utf8');
const running = golden('qemu-domain-running.xml');
const rich = golden('qemu-domain-rich.xml');
const inactive = golden('qemu-domain-inactive.xml');

const local: EndpointContext = { name: 'web-1', route: 'local', hostName: 'lab1', hostAddress: null };
const ssh: EndpointContext = { ...local, route: 'ssh', hostAddress: 'lab1.example' };
const network: EndpointContext = { ...local, route: 'network', hostAddress: 'lab1.example' };

/** The running golden domain with its VNC listener edited. */
function withListen(address: string): string {
  const domain = DomainXml.parse(running);
  const vnc = domain.graphics.at(0)!;
  vnc.listen = address;
  vnc.listens.at(0)!.address = address;
  return domain.toXml();
}

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ConsoleUnavailableError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('VNC endpoint', () => {
  it("reads a running domain's port and loopback listener", () => {
    expect(resolveVncEndpoint(running, local)).toEqual({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: 5900 }, password: null });
    expect(resolveVncEndpoint(running, ssh).endpoint).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5900 });
  });

  it('reads a unix socket listener and the password (SECURE XML)', () => {
    expect(resolveVncEndpoint(rich, local)).toEqual({ endpoint: { kind: 'unix', path: '/tmp/vd-lab-xmlgolden-vnc.sock' }, password: 's3cret' });
    expect(resolveVncEndpoint(rich, ssh).endpoint.kind).toBe('unix');
  });

  it('dials a wildcard listener on loopback (on this machine, or by sshd on the host)', () => {
    expect(resolveVncEndpoint(withListen('0.0.0.0'), local).endpoint).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5900 });
    expect(resolveVncEndpoint(withListen('::'), ssh).endpoint).toEqual({ kind: 'tcp', host: '::1', port: 5900 });
    expect(resolveVncEndpoint(withListen('0.0.0.0'), network).endpoint).toEqual({ kind: 'tcp', host: 'lab1.example', port: 5900 });
  });

  it("dials one of the host's own addresses as it is", () => {
    expect(resolveVncEndpoint(withListen('10.1.2.3'), ssh).endpoint).toEqual({ kind: 'tcp', host: '10.1.2.3', port: 5900 });
    expect(resolveVncEndpoint(withListen('10.1.2.3'), network).endpoint).toEqual({ kind: 'tcp', host: '10.1.2.3', port: 5900 });
  });

  it('refuses a loopback listener over the network, where no tunnel reaches the host side', () => {
    expect(refusal(() => resolveVncEndpoint(running, network))).toEqual({
      code: 'unavailable',
      message: 'VNC of web-1 listens on 127.0.0.1, which is not reachable from this machine without a tunnel: reach lab1 over qemu+ssh, or listen on 0.0.0.0',
    });
    expect(refusal(() => resolveVncEndpoint(rich, network)).message).toMatch(/^VNC of web-1 listens on a unix socket on lab1, which cannot be reached over the network/);
  });

  it('refuses a listener that is not an address', () => {
    expect(refusal(() => resolveVncEndpoint(withListen('vnc.example'), ssh)).message).toBe('VNC of web-1 listens on "vnc.example", which is not an address: listen on 127.0.0.1 or 0.0.0.0');
  });

  it('says the port is not assigned yet (autoport, inactive XML)', () => {
    expect(refusal(() => resolveVncEndpoint(inactive, local))).toEqual({ code: 'conflict', message: 'VNC of web-1 has no port yet: the domain is still starting, try again in a moment' });
  });

  it('refuses a domain without graphics, and points at the serial console', () => {
    const domain = DomainXml.parse(running);
    domain.graphics.clear();
    expect(refusal(() => resolveVncEndpoint(domain.toXml(), local)).message).toBe('web-1 has no graphics device: open its serial console instead');
    domain.consoles.clear();
    domain.serials.clear();
    expect(refusal(() => resolveVncEndpoint(domain.toXml(), local)).message).toBe('web-1 has no graphics device');
  });

  it('refuses a SPICE-only domain', () => {
    const domain = DomainXml.parse(rich);
    domain.graphics.at(0)!.remove();
    expect(refusal(() => resolveVncEndpoint(domain.toXml(), local)).message).toBe('web-1 has only a SPICE display (Virt Deck shows VNC): add a VNC display to it');
  });

  it('describes endpoints without secrets', () => {
    expect(describeVncEndpoint({ kind: 'tcp', host: '127.0.0.1', port: 5901 })).toBe('VNC 127.0.0.1:5901');
    expect(describeVncEndpoint({ kind: 'tcp', host: '::1', port: 5901 })).toBe('VNC [::1]:5901');
    expect(describeVncEndpoint({ kind: 'unix', path: '/run/vnc.sock' })).toBe('VNC unix socket /run/vnc.sock');
  });
});

describe('serial console', () => {
  it("is the domain's first (pty) console", () => {
    expect(resolveSerialConsole(running, 'web-1')).toEqual({ device: null });
  });

  it('is refused when there is none, or it is not a pty', () => {
    const domain = DomainXml.parse(running);
    for (const console of domain.consoles) console.type = 'file';
    for (const serial of domain.serials) serial.type = 'file';
    expect(refusal(() => resolveSerialConsole(domain.toXml(), 'web-1')).message).toBe('The serial console of web-1 is of type file, not pty: libvirt can only attach to a pty console');
    domain.consoles.clear();
    domain.serials.clear();
    expect(refusal(() => resolveSerialConsole(domain.toXml(), 'web-1')).message).toBe('web-1 has no serial console: add a serial port (pty) to it');
  });
});
