import { hostService, type HostView } from '../../hosts';
import { flagOption, stringOption, stringOptions, type ParsedArgs } from '../args';
import type { CommandContext, CommandSpec } from '../command';
import { formatProperties, formatTable, type Cell } from '../table';

const LIST_HEADERS = ['Name', 'Status', 'State', 'Hypervisor', 'vCPUs (used/total)', 'RAM MiB (used/total)', 'Instances', 'Last Seen', 'URI'];

/** "qemu 7.2.0" from the facts a host reported, empty before its first contact. */
function hypervisor(host: HostView): string {
  const { hypervisorType, hypervisorVersion } = host.facts;
  return hypervisorType === undefined ? '' : `${hypervisorType.toLowerCase()} ${hypervisorVersion ?? ''}`.trim();
}

function ofTotal(used: number, total: number | undefined): string {
  return `${used}/${total ?? '?'}`;
}

function listRow(host: HostView): Cell[] {
  return [
    host.name,
    host.status,
    host.enabled ? 'enabled' : 'disabled',
    hypervisor(host),
    ofTotal(host.usage.vcpus, host.facts.cpus),
    ofTotal(host.usage.ramMiB, host.facts.memoryMiB),
    host.usage.instances,
    host.lastSeenAt ?? 'never',
    host.uri,
  ];
}

/** `host show` rows, in the style of `nova hypervisor-show`. */
function showHost(host: HostView): string {
  const f = host.facts;
  return formatProperties({
    id: host.id,
    name: host.name,
    uri: host.uri,
    status: host.status,
    status_reason: host.statusReason,
    storage_pool: host.storagePool ?? '(automatic)',
    default_network: host.defaultNetwork ?? '(automatic)',
    state: host.enabled ? 'enabled' : 'disabled',
    disabled_reason: host.disabledReason,
    last_seen_at: host.lastSeenAt,
    availability_zone: host.availabilityZone,
    aggregates: host.aggregates.map((a) => a.name).join(', '),
    tags: host.tags.join(', '),
    hypervisor_hostname: f.hostname,
    hypervisor_type: f.hypervisorType,
    hypervisor_version: f.hypervisorVersion,
    libvirt_version: f.libvirtVersion,
    cpu_info: [f.arch, f.cpuModel].filter((x) => x !== undefined).join(' '),
    vcpus: f.cpus,
    vcpus_used: host.usage.vcpus,
    memory_mb: f.memoryMiB,
    memory_mb_used: host.usage.ramMiB,
    free_ram_mb: f.freeMemoryMiB,
    local_gb: f.diskGiB,
    local_gb_used: host.usage.diskGiB,
    free_disk_gb: f.freeDiskGiB,
    running_vms: host.usage.instances,
    facts_updated_at: host.factsUpdatedAt,
  });
}

const hosts = (context: CommandContext) => hostService(context.inventory().store);

/** What `host add` says: the host, its URI and status, and where instances will go (not the empty facts table). */
function addedHost(host: HostView): string {
  const targets = `storage pool ${host.storagePool ?? '(automatic)'}, network ${host.defaultNetwork ?? '(automatic)'}`;
  return `Added host ${host.name}: ${host.uri}
  status ${host.status} (the running app connects to it within seconds; virt-deck sync connects now); ${targets}${host.enabled ? '' : '; disabled'}
`;
}

function listHosts(context: CommandContext) {
  const list = hosts(context).list();
  return { text: formatTable(LIST_HEADERS, list.map(listRow)), json: list };
}

const HOST_ARG = [{ name: 'host', description: 'Host name or id.' }];

/** `hosts`, `host list|show|add|remove|enable|disable`. */
export const HOST_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['hosts'],
    readOnly: true,
    summary: 'List hypervisor hosts with their capacity, usage and status (same as host list).',
    run: listHosts,
  },
  {
    words: ['host', 'list'],
    readOnly: true,
    summary: 'List hypervisor hosts.',
    run: listHosts,
  },
  {
    words: ['host', 'show'],
    readOnly: true,
    summary: 'Show one host: facts it reported, capacity and usage.',
    positionals: HOST_ARG,
    run(context, args) {
      const host = hosts(context).show(args.positionals[0] as string);
      return { text: showHost(host), json: host };
    },
  },
  {
    words: ['host', 'add'],
    summary: 'Add a hypervisor host by its libvirt URI.',
    positionals: [
      { name: 'name', description: 'Short name, e.g. lab1.' },
      { name: 'uri', description: 'libvirt URI: qemu:///system, qemu+ssh://user@host/system, test+unix:///default?socket=PATH, …' },
    ],
    options: [
      { name: 'zone', type: 'string', value: 'ZONE', description: 'Availability zone (default: from aggregates, else nova).' },
      { name: 'tag', type: 'string', repeatable: true, value: 'TAG', description: 'Free-form tag (repeatable).' },
      { name: 'key-file', type: 'string', value: 'PATH', description: 'SSH private key (added to the URI as keyfile=).' },
      { name: 'known-hosts', type: 'string', value: 'PATH', description: 'known_hosts file to verify the host key against (known_hosts=).' },
      { name: 'disabled', type: 'flag', description: 'Add it disabled: connected and synced, but not used for placement.' },
      { name: 'pool', type: 'string', value: 'POOL', description: "Storage pool for instance disks (default: 'default', else the first active dir pool)." },
      { name: 'network', type: 'string', value: 'NETWORK', description: "libvirt network instances join (default: 'default', else the first active one)." },
    ],
    details:
      'The app connects to the host on its next start (or at once when it runs); `virt-deck sync` connects now.\n' +
      'Host keys are verified against known_hosts: an unknown key is asked about in the app, or trusted by `virt-deck sync --accept-host-key SHA256:…`. Passwords and passphrases are asked for in the app and never stored.',
    run(context, args) {
      const keyFile = stringOption(args, 'key-file');
      const knownHosts = stringOption(args, 'known-hosts');
      const zone = stringOption(args, 'zone');
      const pool = stringOption(args, 'pool');
      const network = stringOption(args, 'network');
      const host = hosts(context).add({
        name: args.positionals[0] as string,
        uri: args.positionals[1] as string,
        tags: stringOptions(args, 'tag'),
        enabled: !flagOption(args, 'disabled'),
        ...(zone === undefined ? {} : { availabilityZone: zone }),
        ...(keyFile === undefined ? {} : { keyFile }),
        ...(knownHosts === undefined ? {} : { knownHostsFile: knownHosts }),
        ...(pool === undefined ? {} : { storagePool: pool }),
        ...(network === undefined ? {} : { defaultNetwork: network }),
      });
      return { text: addedHost(host), json: host, warnings: host.warnings };
    },
  },
  {
    words: ['host', 'remove'],
    summary: 'Remove a host from the inventory (its domains are not touched).',
    positionals: HOST_ARG,
    options: [{ name: 'force', type: 'flag', description: 'Also when instances are placed there: they are marked deleted in the inventory.' }],
    run(context, args) {
      const result = hosts(context).remove(args.positionals[0] as string, { force: flagOption(args, 'force') });
      const note = result.instancesDeleted > 0 ? ` (${result.instancesDeleted} instance${result.instancesDeleted === 1 ? '' : 's'} marked deleted)` : '';
      return { text: `Removed host ${result.host.name}${note}.\n`, json: { removed: result.host.id, instancesDeleted: result.instancesDeleted } };
    },
  },
  ...(['enable', 'disable'] as const).map(
    (verb): CommandSpec => ({
      words: ['host', verb],
      summary: verb === 'enable' ? 'Make a host available to placement again.' : 'Keep placement away from a host (it stays connected and synced).',
      positionals: HOST_ARG,
      options: verb === 'disable' ? [{ name: 'reason', type: 'string', value: 'TEXT', description: 'Why (shown in host show).' }] : [],
      run(context, args: ParsedArgs) {
        const host = hosts(context).setEnabled(args.positionals[0] as string, verb === 'enable', stringOption(args, 'reason') ?? null);
        return { text: showHost(host), json: host };
      },
    }),
  ),
];
