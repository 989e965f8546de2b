import type { BuildAttempt, HostRecord, HostStatus, InstanceFault, InstanceOrigin, InstanceRecord, PowerState, VmState } from '../inventory/model';
import type { InventoryRepositories, InventoryStore } from '../inventory/repositories';
import { resolveHost, resolveInstance, resolveProject } from '../inventory/services';
import { instanceStatus, type InstanceStatus } from './states/instance-status';
import { powerStateName } from './states/power-state';

/** An instance as `nova list` / `nova show` present it: the row's facts plus what is derived from states and host. */
export interface InstanceView {
  readonly uuid: string;
  readonly name: string;
  readonly status: InstanceStatus;
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly powerState: PowerState;
  /** "Running", "Shutdown", … as `nova list` prints it. */
  readonly powerStateName: string;
  /** `net=addr, addr; net2=addr`, as nova's Networks column. */
  readonly networks: string;
  readonly projectId: string;
  readonly projectName: string | null;
  readonly hostId: string | null;
  readonly hostName: string | null;
  readonly hostStatus: HostStatus | null;
  /** When the host was last reached: how fresh these states are. */
  readonly hostLastSeenAt: string | null;
  readonly flavorName: string | null;
  readonly vcpus: number;
  readonly ramMiB: number;
  readonly diskGiB: number;
  readonly locked: boolean;
  readonly libvirtDomainName: string | null;
  readonly libvirtDomainUuid: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fault: InstanceFault | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly launchedAt: string | null;
  readonly deletedAt: string | null;
  readonly origin: InstanceOrigin;
  readonly imageId: string | null;
  readonly keyName: string | null;
  readonly description: string | null;
  readonly network: string | null;
  /** Scheduling attempts of its build, with why each host was chosen and how it ended. */
  readonly buildAttempts: readonly BuildAttempt[];
}

/** Which instances to list. */
export interface InstanceListFilter {
  /** Host name or id. */
  readonly host?: string;
  /** Project name or id. */
  readonly project?: string;
  /** Also deleted instances (`nova list --deleted`). */
  readonly includeDeleted?: boolean;
}

/** Format the Networks column from the addresses JSON (`{net: [{addr}], …}` or `{net: ["addr"]}`). */
export function formatNetworks(addresses: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const [network, list] of Object.entries(addresses)) {
    if (!Array.isArray(list)) continue;
    const addrs = list.map((entry: unknown) => (typeof entry === 'string' ? entry : typeof entry === 'object' && entry !== null && typeof (entry as { addr?: unknown }).addr === 'string' ? (entry as { addr: string }).addr : null));
    parts.push(`${network}=${addrs.filter((a): a is string => a !== null).join(', ')}`);
  }
  return parts.join('; ');
}

/** Build the view of one row, given the hosts and project names to join. */
function instanceView(instance: InstanceRecord, hosts: ReadonlyMap<string, HostRecord>, projectNames: ReadonlyMap<string, string>): InstanceView {
  const host = instance.hostId === null ? undefined : hosts.get(instance.hostId);
  const flavorName = typeof instance.flavor['name'] === 'string' ? instance.flavor['name'] : null;
  return {
    uuid: instance.uuid,
    name: instance.name,
    status: instanceStatus(instance, host?.status ?? null),
    vmState: instance.vmState,
    taskState: instance.taskState,
    powerState: instance.powerState,
    powerStateName: powerStateName(instance.powerState),
    networks: formatNetworks(instance.addresses),
    projectId: instance.projectId,
    projectName: projectNames.get(instance.projectId) ?? null,
    hostId: instance.hostId,
    hostName: host?.name ?? null,
    hostStatus: host?.status ?? null,
    hostLastSeenAt: host?.lastSeenAt ?? null,
    flavorName,
    vcpus: instance.vcpus,
    ramMiB: instance.ramMiB,
    diskGiB: instance.diskGiB,
    locked: instance.locked,
    libvirtDomainName: instance.libvirtDomainName,
    libvirtDomainUuid: instance.libvirtDomainUuid,
    metadata: instance.metadata,
    fault: instance.fault,
    createdAt: instance.createdAt,
    updatedAt: instance.updatedAt,
    launchedAt: instance.launchedAt,
    deletedAt: instance.deletedAt,
    origin: instance.origin,
    imageId: instance.imageId,
    keyName: instance.keyName,
    description: instance.description,
    network: instance.network,
    buildAttempts: instance.buildAttempts,
  };
}

/** The joins every view needs, read once per query. */
function viewContext(repos: InventoryRepositories): { hosts: Map<string, HostRecord>; projectNames: Map<string, string> } {
  return {
    hosts: new Map(repos.hosts.list().map((host) => [host.id, host])),
    projectNames: new Map(repos.projects.list().map((project) => [project.id, project.name])),
  };
}

/** Instance queries for the UI and the CLI: they read the inventory only, never a host. */
export interface InstanceQueries {
  list(filter?: InstanceListFilter): InstanceView[];
  show(ref: string): InstanceView;
  /** Views of given rows (the change feed's instances). */
  views(instances: readonly InstanceRecord[]): InstanceView[];
}

/** Instance queries over a store. */
export function instanceQueries(store: InventoryStore): InstanceQueries {
  return {
    list: (filter = {}) =>
      store.read((repos) => {
        const hostId = filter.host === undefined ? undefined : resolveHost(repos, filter.host).id;
        const projectId = filter.project === undefined ? undefined : resolveProject(repos, filter.project).id;
        const rows = repos.instances.list({
          ...(hostId === undefined ? {} : { hostId }),
          ...(projectId === undefined ? {} : { projectId }),
          ...(filter.includeDeleted === true ? { includeDeleted: true } : {}),
        });
        const context = viewContext(repos);
        return rows.map((row) => instanceView(row, context.hosts, context.projectNames));
      }),
    show: (ref) =>
      store.read((repos) => {
        const context = viewContext(repos);
        return instanceView(resolveInstance(repos, ref), context.hosts, context.projectNames);
      }),
    views: (instances) =>
      store.read((repos) => {
        const context = viewContext(repos);
        return instances.map((row) => instanceView(row, context.hosts, context.projectNames));
      }),
  };
}
