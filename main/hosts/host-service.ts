import { homedir } from 'node:os';
import { InUseError, InvalidInputError } from '../inventory/errors';
import type { HostAuth, HostRecord, InstanceUsage } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { resolveHost } from '../inventory/services';
import { dialerForUri } from '../libvirt/transport/dialer-for-uri';
import { parseLibvirtUri, type LibvirtUri } from '../libvirt/transport/uri';
import { DEFAULT_SCHEDULER_CONFIG } from '../placement/config';
import { boundedFileProblem, KNOWN_HOSTS_FILE, PRIVATE_KEY_FILE } from '../ssh/bounded-file';
import { controlCharacterProblem } from '../text/control-chars';

/** A host as lists show it: the row plus what its live instances use and how placement counts its capacity. */
export interface HostView extends HostRecord {
  readonly usage: InstanceUsage;
  readonly allocation: HostAllocation;
}

/**
 * The allocation ratios and reservations placement applies to a host: its own overrides, else the scheduler's
 * defaults. Placement's capacity of a resource is `(total − reserved) × ratio`.
 */
export interface HostAllocation {
  readonly cpuRatio: number;
  readonly ramRatio: number;
  readonly diskRatio: number;
  readonly reservedVcpus: number;
  readonly reservedRamMiB: number;
  readonly reservedDiskGiB: number;
}

/** What editing a host changes (Nova's `service disable` and a re-pointed connection); absent fields stay. */
export interface UpdateHostInput {
  readonly name?: string;
  readonly uri?: string;
  readonly enabled?: boolean;
  /** Why it is disabled (kept only while disabled). */
  readonly disabledReason?: string | null;
  /**
   * Re-point a host that still has instances. Needed because a URI that reaches another hypervisor makes the next sync
   * find none of their domains: adopted ones are marked deleted, created ones go to ERROR.
   */
  readonly force?: boolean;
}

/** What `host add` takes. */
export interface AddHostInput {
  readonly name: string;
  /** libvirt URI: `qemu:///system`, `qemu+ssh://user@host/system`, `test+unix:///default?socket=…`. */
  readonly uri: string;
  readonly availabilityZone?: string | null;
  readonly tags?: readonly string[];
  /** SSH private key; added to the URI as `keyfile=` (libvirt's own parameter) for SSH URIs. */
  readonly keyFile?: string;
  /** known_hosts file; added as `known_hosts=`. */
  readonly knownHostsFile?: string;
  readonly enabled?: boolean;
  /** Storage pool instance disks and base images go to (default: `default`, else the first active dir pool). */
  readonly storagePool?: string | null;
  /** libvirt network instances join unless a create names one (default: `default`, else the first active one). */
  readonly defaultNetwork?: string | null;
}

/** A host just added, with what the user should know about how it will be reached. */
export interface AddedHost extends HostView {
  /** ssh_config settings Virt Deck ignores for this host (each with `file line N` and why), and what weakens its checks (`no_verify=1`). */
  readonly warnings: readonly string[];
}

/** Hosts: add, remove, list with usage. */
export interface HostService {
  list(): HostView[];
  show(ref: string): HostView;
  add(input: AddHostInput): AddedHost;
  /**
   * Remove a host from the inventory (its domains stay on the hypervisor). Refused while live instances are placed
   * there, unless `force`, which marks them deleted in the inventory. Returns how many were.
   */
  remove(ref: string, options?: { readonly force?: boolean }): { readonly host: HostRecord; readonly instancesDeleted: number };
  /** Enable or disable a host for scheduling (Nova's `service disable`); it stays connected either way. */
  setEnabled(ref: string, enabled: boolean, reason?: string | null): HostView;
  /** Rename, re-point (a new URI reconnects its session) or enable/disable a host; the URI is checked as `add` does. */
  update(ref: string, input: UpdateHostInput): HostView;
}

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const NO_USAGE: InstanceUsage = { instances: 0, vcpus: 0, ramMiB: 0, diskGiB: 0 };

/** The ratios and reservations placement uses for this host (its overrides over the scheduler defaults). */
export function hostAllocation(host: HostRecord): HostAllocation {
  const o = host.overcommit;
  const d = DEFAULT_SCHEDULER_CONFIG;
  return {
    cpuRatio: o.cpuAllocationRatio ?? d.cpuAllocationRatio,
    ramRatio: o.ramAllocationRatio ?? d.ramAllocationRatio,
    diskRatio: o.diskAllocationRatio ?? d.diskAllocationRatio,
    reservedVcpus: o.reservedVcpus ?? d.reservedHostCpus,
    reservedRamMiB: o.reservedRamMiB ?? d.reservedHostMemoryMiB,
    reservedDiskGiB: o.reservedDiskGiB ?? d.reservedHostDiskGiB,
  };
}

/** The host service over a store. */
export function hostService(store: InventoryStore): HostService {
  const view = (host: HostRecord, usage: Map<string, InstanceUsage>): HostView => ({ ...host, usage: usage.get(host.id) ?? NO_USAGE, allocation: hostAllocation(host) });
  return {
    list: () => store.read((repos) => {
      const usage = repos.instances.usageByHost();
      return repos.hosts.list().map((host) => view(host, usage));
    }),
    show: (ref) => store.read((repos) => view(resolveHost(repos, ref), repos.instances.usageByHost())),
    add(input) {
      checkHostName(input.name);
      refuseControlCharacters([['Availability zone', input.availabilityZone], ...(input.tags ?? []).map((tag): [string, string] => ['Tag', tag])]);
      checkTargetName('Storage pool', input.storagePool);
      checkTargetName('Network', input.defaultNetwork);
      const uri = withSshFiles(input.uri, input);
      const { auth, warnings } = validatedAuth(uri, input);
      return store.write((repos) => {
        const host = repos.hosts.insert({
          name: input.name,
          uri,
          auth,
          availabilityZone: input.availabilityZone ?? null,
          tags: input.tags ?? [],
          enabled: input.enabled ?? true,
          storagePool: input.storagePool ?? null,
          defaultNetwork: input.defaultNetwork ?? null,
        });
        return { ...view(host, new Map()), warnings };
      });
    },
    remove(ref, options = {}) {
      return store.write((repos) => {
        const host = resolveHost(repos, ref);
        const live = repos.instances.list({ hostId: host.id });
        if (live.length > 0 && options.force !== true) {
          throw new InUseError(`Host ${host.name} still has ${live.length} instance${live.length === 1 ? '' : 's'} in the inventory: remove them first, or force it (they are marked deleted; their domains stay on the host)`);
        }
        for (const instance of live) repos.instances.softDelete(instance.uuid);
        repos.instances.releaseHost(host.id);
        repos.hosts.delete(host.id);
        return { host, instancesDeleted: live.length };
      });
    },
    setEnabled(ref, enabled, reason = null) {
      refuseControlCharacters([['Disabled reason', reason]]);
      return store.write((repos) => {
        const host = resolveHost(repos, ref);
        return view(repos.hosts.update(host.id, { enabled, disabledReason: enabled ? null : reason }), repos.instances.usageByHost());
      });
    },
    update(ref, input) {
      if (input.name !== undefined) checkHostName(input.name);
      refuseControlCharacters([['Disabled reason', input.disabledReason]]);
      // The same checks as add: a URI that cannot name a connection is refused before it is stored.
      const auth = input.uri === undefined ? undefined : validatedAuth(input.uri, {}).auth;
      return store.write((repos) => {
        const host = resolveHost(repos, ref);
        if (input.uri !== undefined && input.uri !== host.uri && input.force !== true) {
          const live = repos.instances.list({ hostId: host.id }).length;
          if (live > 0) {
            throw new InUseError(
              `Host ${host.name} has ${live} instance${live === 1 ? '' : 's'}: a new URI that reaches another hypervisor would mark them deleted or ERROR at the next sync. Force it if the URI still reaches the same one (a new port, a new address)`,
            );
          }
        }
        const enabled = input.enabled ?? host.enabled;
        const reason = enabled ? null : input.disabledReason !== undefined ? input.disabledReason : host.disabledReason;
        const updated = repos.hosts.update(host.id, {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.uri === undefined || auth === undefined ? {} : { uri: input.uri, auth }),
          enabled,
          disabledReason: reason,
        });
        return view(updated, repos.instances.usageByHost());
      });
    },
  };
}

function checkHostName(name: string): void {
  if (!HOST_NAME.test(name)) throw new InvalidInputError(`Host name ${JSON.stringify(name)} must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit`);
}

/** A pool or network name as libvirt accepts it (it is checked against the host when instances are built). */
function checkTargetName(what: string, name: string | null | undefined): void {
  if (name === null || name === undefined) return;
  if (name === '' || name.length > 255 || name.includes('/') || name.trim() !== name) {
    throw new InvalidInputError(`${what} name ${JSON.stringify(name.slice(0, 80))} must be 1-255 characters without '/' or surrounding spaces`);
  }
  refuseControlCharacters([[`${what} name`, name]]);
}

/** Refuse text shown in tables and the UI that carries control characters (terminal escapes). */
function refuseControlCharacters(fields: readonly (readonly [string, string | null | undefined])[]): void {
  for (const [what, text] of fields) {
    const problem = text == null ? null : controlCharacterProblem(what, text);
    if (problem !== null) throw new InvalidInputError(problem);
  }
}

/** Append `keyfile=` / `known_hosts=` unless the URI already names them. */
function withSshFiles(uri: string, input: AddHostInput): string {
  const extra: string[] = [];
  const has = (name: string) => new RegExp(`[?&]${name}=`).test(uri);
  if (input.keyFile !== undefined && !has('keyfile')) extra.push(`keyfile=${encodeQueryValue(input.keyFile)}`);
  if (input.knownHostsFile !== undefined && !has('known_hosts')) extra.push(`known_hosts=${encodeQueryValue(input.knownHostsFile)}`);
  if (extra.length === 0) return uri;
  return `${uri}${uri.includes('?') ? '&' : '?'}${extra.join('&')}`;
}

/** Drivers a libvirt daemon serves (the client-only ones, such as esx, are refused by the URI parser already). */
const DAEMON_DRIVERS = new Set(['qemu', 'test', 'lxc', 'xen', 'libxl', 'ch', 'bhyve', 'vz', 'openvz', 'vbox', 'remote']);

/** Why a driver/path pair cannot name a hypervisor connection, or null when it can. */
function driverFault(driver: string, path: string): string | null {
  if (!DAEMON_DRIVERS.has(driver)) return `unknown hypervisor driver "${driver}" (expected one of ${[...DAEMON_DRIVERS].join(', ')})`;
  if (driver === 'qemu' && path !== '/system' && path !== '/session') return `a qemu URI ends in /system or /session, not "${path || '(nothing)'}"`;
  if (driver === 'test' && path !== '/default' && !/^\/.+\.xml$/.test(path)) return `a test URI ends in /default or an absolute node XML path, not "${path || '(nothing)'}"`;
  return null;
}

/** Check the URI the way a connection would (without connecting) and derive the auth summary stored with the host. */
function validatedAuth(uri: string, input: Pick<AddHostInput, 'keyFile' | 'knownHostsFile'>): { auth: HostAuth; warnings: readonly string[] } {
  let parsed;
  let warnings: readonly string[];
  try {
    // The driver first: a transport hint ("use foo+ssh://…") is no help when the driver itself is unknown.
    const { driver, path } = parseLibvirtUri(uri);
    const fault = driverFault(driver, path);
    if (fault !== null) throw new InvalidInputError(`Unusable libvirt URI ${uri}: ${fault}`);
    ({ parsed, warnings } = dialerForUri(uri));
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(error instanceof Error ? error.message : String(error));
  }
  if ((input.keyFile !== undefined || input.knownHostsFile !== undefined) && parsed.transport !== 'ssh') {
    throw new InvalidInputError(`--key-file and --known-hosts only apply to SSH URIs (qemu+ssh://…), not to ${uri}`);
  }
  if (parsed.transport !== 'ssh') return { auth: {}, warnings };
  checkSshFiles(parsed);
  const auth = {
    ...(parsed.user === null ? {} : { username: parsed.user }),
    ...(parsed.params.keyfile === undefined ? {} : { keyFile: parsed.params.keyfile }),
    ...(parsed.params.known_hosts === undefined ? {} : { knownHostsFile: parsed.params.known_hosts }),
  };
  return { auth, warnings };
}

/**
 * Refuse key and known_hosts paths that can never be read as such (a device, a FIFO, a folder, a huge
 * file) now rather than at every connect. A path that does not exist yet is fine: a known_hosts file
 * is created when the first host key is accepted.
 */
function checkSshFiles(parsed: LibvirtUri): void {
  const checks = [
    [parsed.params.keyfile, PRIVATE_KEY_FILE],
    [parsed.params.known_hosts, KNOWN_HOSTS_FILE],
  ] as const;
  for (const [path, kind] of checks) {
    if (path === undefined) continue;
    const problem = boundedFileProblem(path.replace(/^~(?=\/|$)/, homedir()), kind);
    if (problem !== null) throw new InvalidInputError(problem);
  }
}

/** Percent-encode a query value, keeping `/` readable (paths are the usual value). */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/gi, '/');
}
