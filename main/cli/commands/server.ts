import { instanceQueries, type InstanceView } from '../../compute/instance-views';
import { recoverHost, recoverLocal, type RecoveryStep } from '../../compute/recovery';
import { hostService, syncHostsOnce } from '../../hosts';
import { resolveHost } from '../../inventory/services';
import { flagOption, numberOption, stringOption, stringOptions, UsageError } from '../args';
import { HostKeyAcceptance } from '../host-key-acceptance';
import type { CommandSpec } from '../command';
import { formatProperties, formatTable, type Cell } from '../table';
import { withCompute } from './instance-actions';

const LIST_HEADERS = ['ID', 'Name', 'Status', 'Task State', 'Power State', 'Networks'];

/** nova prints "-" for an empty task state. */
const dash = (value: string | null): string => value ?? '-';

function listRow(instance: InstanceView): Cell[] {
  return [instance.uuid, instance.name, instance.status, dash(instance.taskState), instance.powerStateName, instance.networks];
}

/** `nova show` rows (with the extended attributes an admin sees), plus where the states come from. */
export function showInstance(instance: InstanceView): string {
  const properties: Record<string, Cell> = {
    id: instance.uuid,
    name: instance.name,
    status: instance.status,
    'OS-EXT-STS:vm_state': instance.vmState,
    'OS-EXT-STS:task_state': dash(instance.taskState),
    'OS-EXT-STS:power_state': instance.powerState,
    'OS-EXT-SRV-ATTR:host': instance.hostName,
    'OS-EXT-SRV-ATTR:instance_name': instance.libvirtDomainName,
    'OS-SRV-USG:launched_at': instance.launchedAt,
    'OS-SRV-USG:terminated_at': instance.deletedAt,
    host_status: instance.hostStatus === null ? null : instance.hostStatus.toUpperCase(),
    host_last_seen_at: instance.hostLastSeenAt,
    tenant_id: instance.projectId,
    project: instance.projectName,
    flavor: instance.flavorName ?? '-',
    image: instance.imageId ?? '-',
    key_name: instance.keyName ?? '-',
    description: instance.description ?? '-',
    'flavor:vcpus': instance.vcpus,
    'flavor:ram': instance.ramMiB,
    'flavor:disk': instance.diskGiB,
    locked: instance.locked,
    metadata: JSON.stringify(instance.metadata),
    created: instance.createdAt,
    updated: instance.updatedAt,
  };
  if (instance.fault !== null) properties['fault'] = JSON.stringify({ code: instance.fault.code, message: instance.fault.message, created: instance.fault.createdAt });
  // A build that was rescheduled: where each attempt went and why it ended.
  if (instance.buildAttempts.length > 1 || instance.buildAttempts.some((a) => a.fault !== null)) {
    properties['build_attempts'] = instance.buildAttempts.map((a, i) => `${i + 1}. ${a.explanation}${a.fault === null ? '' : ` → ${a.fault.message}`}`).join('\n');
  }
  if (instance.networks !== '') for (const part of instance.networks.split('; ')) {
    const [network, addrs] = part.split('=');
    properties[`${network} network`] = addrs;
  }
  return formatProperties(properties);
}

/** `list`, `show`, `sync`. */
export const SERVER_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['list'],
    readOnly: true,
    summary: 'List instances, as nova list does (from the inventory: instant, works offline).',
    options: [
      { name: 'host', type: 'string', value: 'HOST', description: 'Only instances on this host.' },
      { name: 'project', type: 'string', value: 'PROJECT', description: 'Only instances of this project.' },
      { name: 'all', type: 'flag', description: 'Include deleted instances.' },
    ],
    details: 'Status UNKNOWN means the host is down: the states shown are the last ones seen (see virt-deck hosts).',
    run(context, args) {
      const host = stringOption(args, 'host');
      const project = stringOption(args, 'project');
      const list = instanceQueries(context.inventory().store).list({
        ...(host === undefined ? {} : { host }),
        ...(project === undefined ? {} : { project }),
        includeDeleted: flagOption(args, 'all'),
      });
      return { text: formatTable(LIST_HEADERS, list.map(listRow)), json: list };
    },
  },
  {
    words: ['show'],
    readOnly: true,
    summary: 'Show one instance, as nova show does.',
    positionals: [{ name: 'instance', description: 'Instance UUID or name.' }],
    run(context, args) {
      const instance = instanceQueries(context.inventory().store).show(args.positionals[0] as string);
      return { text: showInstance(instance), json: instance };
    },
  },
  {
    words: ['sync'],
    summary: 'Connect to the hosts now, record their facts, reconcile their domains and recover interrupted work, then disconnect.',
    options: [
      { name: 'host', type: 'string', value: 'HOST', description: 'Only this host.' },
      { name: 'timeout', type: 'number', value: 'SECONDS', description: 'Give up on a host after this long (default 30).' },
      { name: 'accept-host-key', type: 'string', repeatable: true, value: 'SHA256:…', description: 'Trust an unknown host key with exactly this fingerprint (recorded in known_hosts as ssh does).' },
    ],
    details:
      'The running app does this continuously; sync is for scripts and for using the CLI without the app.\n' +
      'Recovery: tasks whose process is gone are resolved against the host (a half-built instance is rolled back to ERROR),\n' +
      'and what they left behind (domains and volumes of deleted instances built here, partial uploads) is removed.\n' +
      'It never asks: a host whose key is unknown is reported with its fingerprint, to check and then pass to --accept-host-key. A changed key is always refused.',
    async run(context, args) {
      const store = context.inventory().store;
      const only = stringOption(args, 'host');
      const timeout = numberOption(args, 'timeout') ?? 30;
      if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds', ['sync']);
      const hosts = store.read((repos) => (only === undefined ? repos.hosts.list() : [resolveHost(repos, only)]));
      const hostKeys = new HostKeyAcceptance(stringOptions(args, 'accept-host-key'), ['sync']);
      // Recovery logs go to the lines printed below, not to stderr.
      const quiet = { dataDir: context.inventory().dataDir, log: () => undefined };
      const recovered: RecoveryStep[] = only === undefined ? recoverLocal(store, quiet) : [];
      const outcomes = await syncHostsOnce(store, hosts, {
        connect: hostKeys.connect,
        timeoutMs: timeout * 1000,
        afterSync: async (conn, host) => void recovered.push(...(await recoverHost(store, conn, host, { ...quiet, callTimeoutMs: timeout * 1000 }))),
      });
      const lines = outcomes.map((o) =>
        o.ok
          ? `${o.host}: up, ${o.domains} domain${o.domains === 1 ? '' : 's'} (${o.summary.adopted} adopted, ${o.summary.updated} updated, ${o.summary.vanished} vanished)`
          : `${o.host}: down: ${o.error}`,
      );
      for (const step of recovered) lines.push(`recovery: ${step.host === null ? '' : `${step.host}: `}${step.ok ? '' : 'FAILED: '}${step.message}`);
      // What the app's reclaimer does every minute: soft-deleted instances past their restore window go for good.
      const reclaimed = await withCompute(context, (compute) => compute.reclaim());
      for (const r of reclaimed) if (r.ok) lines.push(`reclaimed soft-deleted instance ${r.uuid}`);
      else if (!r.skipped) lines.push(`reclaiming soft-deleted instance ${r.uuid} failed (tried again next sync): ${r.error}`);
      const list = hostService(store).list();
      const table = formatTable(['Name', 'Status', 'Instances', 'Last Seen'], list.map((h) => [h.name, h.status, h.usage.instances, h.lastSeenAt ?? 'never']));
      return { text: `${lines.join('\n')}${lines.length ? '\n' : ''}${table}`, json: { hosts: outcomes, recovery: recovered }, warnings: hostKeys.hints() };
    },
  },
];
