import { afterAll, beforeAll } from 'vitest';
import { connectLibvirt, isLibvirtError, type LibvirtConnection } from '../../../../main/libvirt';
import { labInfo } from '../../../lab/lab-info';
import { labHost, uniqueName, type LabHost, type LabInfo } from '../../../lab';

/** The two ways every suite reaches a lab host: the private unix socket and the lab's sshd. */
export const TRANSPORTS = ['unix', 'ssh'] as const;

/** A transport name. */
export type Transport = (typeof TRANSPORTS)[number];

/** The URI of a lab host over one transport. */
export function hostUri(host: LabHost, transport: Transport): string {
  return transport === 'unix' ? host.unixUri : host.sshUri;
}

/** Lab info plus one connection per suite to the named host, opened before and closed after its tests. */
export function useConnection(hostName: string, transport: Transport): { lab: () => LabInfo; host: () => LabHost; conn: () => LibvirtConnection } {
  let lab: LabInfo | undefined;
  let host: LabHost | undefined;
  let conn: LibvirtConnection | undefined;
  beforeAll(async () => {
    lab = labInfo();
    host = labHost(lab, hostName);
    conn = await connectLibvirt(hostUri(host, transport));
  });
  afterAll(async () => {
    await conn?.close();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: beforeAll failed`);
    return value;
  };
  return { lab: () => need(lab, 'lab'), host: () => need(host, 'host'), conn: () => need(conn, 'connection') };
}

/** A test-driver domain definition; names come from `uniqueName` so `npm run lab -- down` can sweep leftovers. */
export function testDomainXml(name: string, options: { memoryMiB?: number; vcpus?: number; maxVcpus?: number } = {}): string {
  const vcpus = options.vcpus ?? 1;
  return `<domain type='test'>
  <name>${name}</name>
  <memory unit='MiB'>${options.memoryMiB ?? 128}</memory>
  <currentMemory unit='MiB'>${options.memoryMiB ?? 128}</currentMemory>
  <vcpu placement='static' current='${vcpus}'>${options.maxVcpus ?? Math.max(vcpus, 2)}</vcpu>
  <os><type>hvm</type></os>
</domain>`;
}

/** A unique object name for one test. */
export function freshName(prefix: string): string {
  return uniqueName(prefix);
}

/** Run cleanup steps, ignoring "already gone" so a half-finished test still cleans what it made. */
export async function bestEffort(...steps: (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      if (!isLibvirtError(error)) throw error;
    }
  }
}
