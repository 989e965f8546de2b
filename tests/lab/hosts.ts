import { GUEST_NAME, type LabPaths, NETWORK_NAME, POOL_NAME, VOLUME_NAME } from './paths';
import { GUEST_UUID } from './qemu-host';
import { nodeXmlPath, TEST_DEFAULT_SEED, TEST_HOST_SPECS, testHostSeed } from './test-hosts';
import type { LabHost, LabQemuObjects, LabSeed } from './types';
import { virshAt } from './virsh';

/** A host before its capacity is known. */
interface HostPlan {
  readonly name: string;
  readonly driver: 'qemu' | 'test';
  /** `scheme` is qemu or test; `path` is what follows the authority in the URI (`/system`, `/default`, `/abs/node.xml`). */
  readonly path: string;
  readonly sharedState: boolean;
  readonly seed: LabSeed;
}

function plans(paths: LabPaths, qemu: LabQemuObjects): HostPlan[] {
  const qemuSeed: LabSeed = {
    domains: [{ name: GUEST_NAME, uuid: GUEST_UUID, state: 'running' }],
    pools: [{ name: POOL_NAME, volumes: [VOLUME_NAME] }],
    networks: qemu.network === null ? [] : [NETWORK_NAME],
  };
  return [
    { name: 'qemu', driver: 'qemu', path: '/system', sharedState: true, seed: qemuSeed },
    { name: 'test-default', driver: 'test', path: '/default', sharedState: true, seed: TEST_DEFAULT_SEED },
    ...TEST_HOST_SPECS.map((spec): HostPlan => ({ name: spec.name, driver: 'test', path: nodeXmlPath(paths, spec.name), sharedState: false, seed: testHostSeed(spec) })),
  ];
}

/** CPUs and memory from `virsh nodeinfo`. */
async function nodeInfo(uri: string): Promise<{ cpus: number; memoryKiB: number }> {
  const text = await virshAt(uri, ['nodeinfo']);
  const cpus = /^CPU\(s\):\s+(\d+)/m.exec(text)?.[1];
  const memory = /^Memory size:\s+(\d+) KiB/m.exec(text)?.[1];
  if (cpus === undefined || memory === undefined) throw new Error(`Unexpected \`virsh nodeinfo\` output from ${uri}:\n${text}`);
  return { cpus: Number(cpus), memoryKiB: Number(memory) };
}

/** Every lab host with its URIs (unix socket, SSH for our client, SSH for virsh) and its reported capacity. */
export async function describeHosts(paths: LabPaths, sshPort: number, qemu: LabQemuObjects): Promise<LabHost[]> {
  const socket = paths.libvirtSocket;
  const authority = `root@127.0.0.1:${sshPort}`;
  return Promise.all(
    plans(paths, qemu).map(async (plan): Promise<LabHost> => {
      const unixUri = `${plan.driver}+unix://${plan.path}?socket=${socket}`;
      const capacity = await nodeInfo(unixUri);
      return {
        name: plan.name,
        driver: plan.driver,
        unixUri,
        sshUri: `${plan.driver}+ssh://${authority}${plan.path}?socket=${socket}&keyfile=${paths.clientKey}&known_hosts=${paths.knownHosts}`,
        virshSshUri: `${plan.driver}+ssh://${authority}${plan.path}?socket=${socket}&proxy=netcat&command=${paths.sshWrapper}`,
        driverUri: `${plan.driver}://${plan.path}`,
        ...capacity,
        sharedState: plan.sharedState,
        seed: plan.seed,
      };
    }),
  );
}
