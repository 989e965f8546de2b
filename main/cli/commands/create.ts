// `virt-deck create`: Nova's `nova boot` from the command line. The builds run in this process, so the command waits
// for them to end before it exits (a build cut short by an exit would be left for recovery); `--wait` also prints
// each task state as it passes.
import { readFileSync, statSync } from 'node:fs';
import { MAX_USER_DATA_BYTES } from '../../cloud-init';
import { buildServiceFor, type BuildEvent } from '../../compute/build';
import { OneShotHostConnections } from '../../compute/host-access';
import { instanceQueries, type InstanceView } from '../../compute/instance-views';
import { InvalidInputError } from '../../inventory/errors';
import { flagOption, numberOption, stringOption, UsageError, type ParsedArgs } from '../args';
import type { CommandContext, CommandSpec } from '../command';
import { formatProperties, formatTable } from '../table';
import { showInstance } from './server';

/** The user-data file as text: at most 64 KiB, UTF-8. */
function readUserData(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new InvalidInputError(`--user-data ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (size > MAX_USER_DATA_BYTES) throw new InvalidInputError(`--user-data ${path}: ${size} bytes; user-data is at most ${MAX_USER_DATA_BYTES} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    throw new InvalidInputError(`--user-data ${path}: not UTF-8 text`);
  }
}

/** `nova boot`'s table: what was asked for and where it stands. */
function bootTable(instance: InstanceView, imageName: string): string {
  return formatProperties({
    id: instance.uuid,
    name: instance.name,
    status: instance.status,
    'OS-EXT-STS:vm_state': instance.vmState,
    'OS-EXT-STS:task_state': instance.taskState ?? '-',
    'OS-EXT-STS:power_state': instance.powerState,
    'OS-EXT-SRV-ATTR:host': instance.hostName,
    tenant_id: instance.projectId,
    flavor: instance.flavorName ?? '-',
    image: `${imageName} (${instance.imageId ?? '-'})`,
    key_name: instance.keyName ?? '-',
    description: instance.description ?? '-',
    metadata: JSON.stringify(instance.metadata),
    created: instance.createdAt,
    config_drive: 'True',
  });
}

function eventLine(event: BuildEvent): string | null {
  switch (event.kind) {
    case 'task':
      return `${event.name}: ${event.taskState} (host ${event.host})\n`;
    case 'reschedule':
      return `${event.name}: rescheduling from ${event.from} to ${event.to}: ${event.reason}\n`;
    case 'active':
      return `${event.name}: active\n`;
    case 'error':
      return `${event.name}: error: ${event.fault.message}\n`;
    case 'upload':
      return null;
  }
}

/**
 * Upload progress: on the terminal's status line when there is one, else a line at most every two seconds (and the
 * last one).
 */
function uploadReporter(context: CommandContext): (event: BuildEvent) => void {
  const last = new Map<string, number>();
  return (event) => {
    if (event.kind !== 'upload') return;
    const { bytes, total, rate, etaSeconds } = event.progress;
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    const line = `${event.name}: uploading the image to ${event.host}: ${mib(bytes)}${total === null ? '' : `/${mib(total)}`} MiB at ${mib(rate)} MiB/s${etaSeconds === null ? '' : `, ${Math.ceil(etaSeconds)} s left`}`;
    const finished = bytes === total;
    if (context.progress !== undefined) {
      context.progress(finished ? null : line);
      return;
    }
    const now = Date.now();
    if (now - (last.get(event.uuid) ?? 0) < 2000 && !finished) return;
    last.set(event.uuid, now);
    context.print(`${line}\n`);
  };
}

async function create(context: CommandContext, args: ParsedArgs) {
  for (const name of ['flavor', 'image']) if (stringOption(args, name) === undefined) throw new UsageError(`'create' needs --${name}`, ['create']);
  const inventory = context.inventory();
  const wait = flagOption(args, 'wait');
  const userDataFile = stringOption(args, 'user-data');
  const count = numberOption(args, 'count');
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  const hosts = new OneShotHostConnections(inventory.store);
  const builds = buildServiceFor(inventory, hosts);
  // Ctrl-C stops the builds cleanly (cleaned up, `error`) instead of leaving them half-built for recovery.
  const interrupted = context.interrupted?.();
  const interrupt = () => {
    context.print('interrupted: stopping the builds and removing what they created (Ctrl-C again to quit at once)\n');
    void builds.close();
  };
  interrupted?.addEventListener('abort', interrupt, { once: true });
  try {
    const uploads = uploadReporter(context);
    const created = builds.create(
      {
        name: args.positionals[0] as string,
        flavor: stringOption(args, 'flavor') as string,
        image: stringOption(args, 'image') as string,
        ...optional('project', stringOption(args, 'project')),
        ...optional('keyName', stringOption(args, 'key')),
        ...optional('userData', userDataFile === undefined ? undefined : readUserData(userDataFile)),
        ...optional('host', stringOption(args, 'host')),
        ...optional('network', stringOption(args, 'network')),
        ...optional('count', count),
        ...optional('description', stringOption(args, 'description')),
      },
      (event) => {
        if (event.kind === 'upload') {
          if (wait || context.progress !== undefined) uploads(event);
          return;
        }
        const line = wait ? eventLine(event) : null;
        if (line !== null) context.print(line);
      },
    );
    const queries = instanceQueries(inventory.store);
    const imageName = inventory.store.read((repos) => repos.images.get(created.instances[0]?.imageId ?? '')?.name ?? '-');
    const first = queries.views(created.instances);
    context.print(first.length === 1 ? bootTable(first[0] as InstanceView, imageName) : formatTable(['ID', 'Name', 'Status', 'Task State', 'Host'], first.map((i) => [i.uuid, i.name, i.status, i.taskState ?? '-', i.hostName])));
    if (!wait) context.print(`Building ${first.length === 1 ? 'it' : `${first.length} instances`}; this command ends when ${first.length === 1 ? 'it is' : 'they are'} active or failed.\n`);
    const done = queries.views(await created.done);
    const failed = done.filter((i) => i.vmState !== 'active');
    const text = wait ? done.map(showInstance).join('') : `${done.map((i) => `${i.name}: ${i.status}${i.fault === null ? '' : `: ${i.fault.message}`}`).join('\n')}\n`;
    if (failed.length > 0) {
      context.print(text);
      throw new Error(`${failed.length} of ${done.length} instance${done.length === 1 ? '' : 's'} failed to build: ${failed.map((i) => `${i.name}: ${i.fault?.message ?? i.status}`).join('; ')}`);
    }
    return { text, json: done };
  } finally {
    interrupted?.removeEventListener('abort', interrupt);
    await builds.close();
    await hosts.close();
  }
}

/** `create`. */
export const CREATE_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['create'],
    summary: 'Create instances, as nova boot does: quota and a host claimed at once, then the build on the host.',
    positionals: [{ name: 'name', description: 'Instance name (with --count N: NAME-1 … NAME-N).' }],
    options: [
      { name: 'flavor', type: 'string', value: 'FLAVOR', description: 'Flavor name or id.' },
      { name: 'image', type: 'string', value: 'IMAGE', description: 'Image name or id (see image list).' },
      { name: 'project', type: 'string', value: 'PROJECT', description: 'Project (default admin).' },
      { name: 'key', type: 'string', value: 'KEYPAIR', description: 'Key pair whose public key cloud-init installs.' },
      { name: 'user-data', type: 'string', value: 'FILE', description: 'cloud-init user-data (text, at most 64 KiB).' },
      { name: 'host', type: 'string', value: 'HOST', description: 'Build on this host (no reschedule elsewhere).' },
      { name: 'network', type: 'string', value: 'NETWORK', description: "libvirt network to join (default: the host's)." },
      { name: 'count', type: 'number', value: 'N', description: 'How many (all or none, one quota check).' },
      { name: 'description', type: 'string', value: 'TEXT', description: 'Free text shown in show.' },
      { name: 'wait', type: 'flag', description: 'Print each task state as it passes, then the instance as show does.' },
    ],
    details:
      'The command returns when every build has ended (active, or error with the fault). The host is reached directly\n' +
      '(the running app, if any, sees the new instances through the shared inventory). Exit status 1 if a build failed.',
    run: create,
  },
];
