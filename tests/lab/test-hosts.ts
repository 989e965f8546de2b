import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeIfChanged } from './files';
import type { LabPaths } from './paths';
import type { LabDomainState, LabSeed } from './types';
import { labUuid } from './uuid';

/** A file-based test-driver host: capacity and what it holds. */
interface TestHostSpec {
  readonly name: string;
  readonly sockets: number;
  readonly cores: number;
  readonly threads: number;
  readonly memoryKiB: number;
  readonly domains: readonly { readonly name: string; readonly vcpus: number; readonly memoryMiB: number; readonly state: LabDomainState }[];
  readonly volumes: readonly { readonly name: string; readonly capacityGiB: number }[];
}

const GiB_IN_KiB = 1024 * 1024;

/** The file-based hosts: "small" (8 CPUs, 16 GiB) and "large" (32 CPUs, 64 GiB). */
export const TEST_HOST_SPECS: readonly TestHostSpec[] = [
  {
    name: 'small',
    sockets: 1,
    cores: 4,
    threads: 2,
    memoryKiB: 16 * GiB_IN_KiB,
    domains: [
      { name: 'small-web', vcpus: 2, memoryMiB: 1024, state: 'running' },
      { name: 'small-db', vcpus: 2, memoryMiB: 2048, state: 'shut off' },
      { name: 'small-batch', vcpus: 1, memoryMiB: 512, state: 'paused' },
    ],
    volumes: [{ name: 'small-disk1.qcow2', capacityGiB: 10 }],
  },
  {
    name: 'large',
    sockets: 2,
    cores: 8,
    threads: 2,
    memoryKiB: 64 * GiB_IN_KiB,
    domains: [
      { name: 'large-app1', vcpus: 4, memoryMiB: 4096, state: 'running' },
      { name: 'large-app2', vcpus: 4, memoryMiB: 4096, state: 'running' },
      { name: 'large-cache', vcpus: 2, memoryMiB: 8192, state: 'paused' },
      { name: 'large-archive', vcpus: 8, memoryMiB: 16384, state: 'shut off' },
    ],
    volumes: [
      { name: 'large-disk1.qcow2', capacityGiB: 40 },
      { name: 'large-disk2.raw', capacityGiB: 20 },
    ],
  },
];

/** Initial state as the test namespace's `runstate` wants it (virDomainState numbers). */
const RUNSTATE: Record<LabDomainState, number> = { running: 1, paused: 3, 'shut off': 5 };

/** Path of a test host's node XML. */
export function nodeXmlPath(paths: LabPaths, host: string): string {
  return join(paths.testHostsDir, `${host}.xml`);
}

/** What a test host holds right after a connection opens it. */
export function testHostSeed(spec: TestHostSpec): LabSeed {
  return {
    domains: spec.domains.map((domain) => ({ name: domain.name, uuid: labUuid(`${spec.name}/${domain.name}`), state: domain.state })),
    pools: [{ name: `${spec.name}-pool`, volumes: spec.volumes.map((volume) => volume.name) }],
    networks: [`${spec.name}-net`],
  };
}

/** What `test:///default` holds in a fresh daemon (libvirt's built-in defaults). */
export const TEST_DEFAULT_SEED: LabSeed = {
  domains: [{ name: 'test', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', state: 'running' }],
  pools: [{ name: 'default-pool', volumes: [] }],
  networks: ['default'],
};

function nodeXml(paths: LabPaths, spec: TestHostSpec): string {
  const cpus = spec.sockets * spec.cores * spec.threads;
  const domains = spec.domains.map(
    (domain) => `  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>${domain.name}</name>
    <uuid>${labUuid(`${spec.name}/${domain.name}`)}</uuid>
    <memory unit='MiB'>${domain.memoryMiB}</memory>
    <vcpu>${domain.vcpus}</vcpu>
    <os><type>hvm</type></os>
    <test:runstate>${RUNSTATE[domain.state]}</test:runstate>
  </domain>`,
  );
  const volumes = spec.volumes.map(
    (volume) => `    <volume type='file'>
      <name>${volume.name}</name>
      <capacity unit='GiB'>${volume.capacityGiB}</capacity>
      <allocation unit='GiB'>1</allocation>
      <target><format type='${volume.name.endsWith('.raw') ? 'raw' : 'qcow2'}'/></target>
    </volume>`,
  );
  return `<!-- Virt Deck lab test host "${spec.name}": every connection gets a private copy of this state. -->
<node>
  <cpu>
    <nodes>1</nodes><sockets>${spec.sockets}</sockets><cores>${spec.cores}</cores><threads>${spec.threads}</threads>
    <active>${cpus}</active><mhz>2400</mhz><model>x86_64</model>
  </cpu>
  <memory>${spec.memoryKiB}</memory>
${domains.join('\n')}
  <network>
    <name>${spec.name}-net</name>
    <uuid>${labUuid(`${spec.name}/net`)}</uuid>
    <bridge name='vd${spec.name}0'/>
  </network>
  <pool type='dir'>
    <name>${spec.name}-pool</name>
    <uuid>${labUuid(`${spec.name}/pool`)}</uuid>
    <capacity unit='GiB'>500</capacity>
    <allocation unit='GiB'>100</allocation>
    <available unit='GiB'>400</available>
    <target><path>${join(paths.testHostsDir, `${spec.name}-pool`)}</path></target>
${volumes.join('\n')}
  </pool>
</node>
`;
}

/** Write every test host's node XML (read by libvirtd, as root, when a connection opens it). */
export function writeTestHostFiles(paths: LabPaths): void {
  mkdirSync(paths.testHostsDir, { recursive: true, mode: 0o755 });
  for (const spec of TEST_HOST_SPECS) writeIfChanged(nodeXmlPath(paths, spec.name), nodeXml(paths, spec));
}
