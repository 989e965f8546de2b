// `start`, `stop`, `reboot`, … : every action on an instance, run here and now against its host (one connection per
// host, closed at exit), with the same guards, task states and action log as the app. The app and a command may act
// at the same time: the loser of a race is refused with Nova's conflict message.
import type { InstanceActionRequest } from '../../../common/contract/compute-schemas';
import { actionResultView, type ActionResultView } from '../../compute/action-views';
import { actionLog, computeService, type ComputeService } from '../../compute/compute-service';
import { OneShotHostConnections } from '../../compute/host-access';
import { flagOption, numberOption, stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import type { CommandContext, CommandOutput, CommandSpec } from '../command';
import { formatTable } from '../table';

const INSTANCE = { name: 'instance', description: 'Instance UUID or name.' };

/** Run `work` with a compute service whose host connections are closed afterwards. */
export async function withCompute<T>(context: CommandContext, work: (compute: ComputeService) => Promise<T>): Promise<T> {
  const store = context.inventory().store;
  const hosts = new OneShotHostConnections(store);
  try {
    return await work(computeService({ store, hosts }));
  } finally {
    await hosts.close();
  }
}

/** A whole number of seconds from `--timeout`, within what the contract accepts. */
function timeoutOption(args: ParsedArgs, command: readonly string[]): number | undefined {
  const value = numberOption(args, 'timeout');
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 3600) throw new UsageError('--timeout must be a whole number of seconds from 1 to 3600', command);
  return value;
}

/** One line saying where the instance is now, then what the operator should know. */
function describe(view: ActionResultView, fallback: string): string {
  const i = view.instance;
  // Without an instance (deleted, forgotten) the message, when there is one, says it all.
  if (i === null) return `${view.message ?? fallback}\n`;
  const lines = [`Instance ${i.name} (${i.uuid}) is ${i.status}: vm_state ${i.vmState}, power state ${i.powerStateName}${i.locked ? ', locked' : ''}.`];
  if (view.message !== null) lines.push(view.message);
  if (view.offer === 'force-stop') lines.push(`To force it off now: virt-deck stop --force ${i.uuid}`);
  return `${lines.join('\n')}\n`;
}

/** Run one action and print its outcome; a result that fell short (a stop that timed out) exits 1. */
async function act(context: CommandContext, ref: string, request: InstanceActionRequest, gone = `Instance ${ref} is gone.`): Promise<CommandOutput> {
  return withCompute(context, async (compute) => {
    const view = actionResultView(context.inventory().store, await compute.act(ref, request));
    return { text: describe(view, gone), json: view, ...(view.done ? {} : { exitCode: 1 }) };
  });
}

/** A command `<word> <instance>` that runs one action with no options. */
function simple(word: string, action: InstanceActionRequest['action'] & ('start' | 'pause' | 'unpause' | 'suspend' | 'resume' | 'unlock' | 'restore' | 'forget'), summary: string, details?: string): CommandSpec {
  return {
    words: [word],
    summary,
    positionals: [INSTANCE],
    ...(details === undefined ? {} : { details }),
    run: (context, args) => act(context, args.positionals[0] as string, { action } as InstanceActionRequest),
  };
}

/**
 * A command with a graceful form that waits for the guest (`--timeout`) and a forced one (`--force`, `--hard`) that
 * does not: stop, reboot.
 */
function timed(word: 'stop' | 'reboot', summary: string, spec: { readonly flag: OptionSpec; readonly forced: 'force-stop' | 'reboot-hard'; readonly graceful: 'stop' | 'reboot'; readonly details: string }): CommandSpec {
  return {
    words: [word],
    summary,
    positionals: [INSTANCE],
    options: [spec.flag, TIMEOUT_OPTION],
    details: spec.details,
    run(context, args) {
      const ref = args.positionals[0] as string;
      const timeout = timeoutOption(args, [word]);
      if (flagOption(args, spec.flag.name)) {
        if (timeout !== undefined) throw new UsageError(`--timeout does not go with --${spec.flag.name} (nothing is waited for)`, [word]);
        return act(context, ref, { action: spec.forced });
      }
      return act(context, ref, { action: spec.graceful, ...(timeout === undefined ? {} : { timeoutSeconds: timeout }) });
    },
  };
}

const TIMEOUT_OPTION: OptionSpec = { name: 'timeout', type: 'number', value: 'SECONDS', description: 'How long to wait for the guest to shut down (default: the stop_timeout_seconds setting).' };

/** Every action command. */
export const INSTANCE_ACTION_COMMANDS: readonly CommandSpec[] = [
  simple('start', 'start', 'Start a stopped instance (SHUTOFF → ACTIVE).'),
  timed('stop', 'Stop an instance: ACPI shutdown, waiting for the guest (ACTIVE → SHUTOFF).', {
    flag: { name: 'force', type: 'flag', description: 'Force it off at once (pull the plug).' },
    forced: 'force-stop',
    graceful: 'stop',
    details: 'A guest that does not shut down in time is left running: the command says so and exits 1; run it again with --force.',
  }),
  timed('reboot', 'Reboot an instance: ACPI shutdown and start (or --hard: reset).', {
    flag: { name: 'hard', type: 'flag', description: 'Hard reboot: reset a running guest; from SHUTOFF, PAUSED, SUSPENDED or ERROR, a fresh start.' },
    forced: 'reboot-hard',
    graceful: 'reboot',
    details: 'A soft reboot whose guest does not shut down within the timeout becomes a hard reboot, as in Nova.',
  }),
  simple('pause', 'pause', 'Pause an instance: its vCPUs stop, its memory stays (ACTIVE → PAUSED).'),
  simple('unpause', 'unpause', 'Unpause a paused instance (PAUSED → ACTIVE).'),
  simple('suspend', 'suspend', "Suspend an instance: its memory is saved on the host and it stops (ACTIVE → SUSPENDED)."),
  simple('resume', 'resume', 'Resume a suspended instance from its saved memory (SUSPENDED → ACTIVE).'),
  {
    words: ['delete'],
    summary: 'Delete an instance (soft delete while the reclaim_instance_interval setting is above 0).',
    positionals: [INSTANCE],
    options: [
      { name: 'force', type: 'flag', description: 'Delete for good now, whatever the restore window.' },
      { name: 'delete-disks', type: 'flag', description: 'Adopted instances: also delete the pool volumes its disks are (instances created here always lose theirs).' },
    ],
    details:
      'A hard delete removes the domain (with its managed-save image, snapshot metadata and NVRAM) and the volumes the instance owns on its host, and releases its allocation. Without --delete-disks an adopted instance keeps its disks.',
    run(context, args) {
      const ref = args.positionals[0] as string;
      const deleteDisks = flagOption(args, 'delete-disks') ? { deleteDisks: true } : {};
      return act(context, ref, { action: flagOption(args, 'force') ? 'force-delete' : 'delete', ...deleteDisks }, `Instance ${ref} deleted.`);
    },
  },
  simple('restore', 'restore', 'Restore a soft-deleted instance (SOFT_DELETED → ACTIVE).'),
  simple(
    'forget',
    'forget',
    'Stop tracking an instance without touching its host.',
    'The row is marked deleted (its action log stays). A domain that is still defined on its host is adopted again, as a new instance, by the next sync.',
  ),
  {
    words: ['rename'],
    summary: "Change an instance's display name (the libvirt domain keeps its name).",
    positionals: [INSTANCE, { name: 'new-name', description: 'The new display name.' }],
    run: (context, args) => act(context, args.positionals[0] as string, { action: 'rename', name: args.positionals[1] as string }),
  },
  {
    words: ['lock'],
    summary: 'Lock an instance: every action but unlock is refused until it is unlocked.',
    positionals: [INSTANCE],
    options: [{ name: 'reason', type: 'string', value: 'TEXT', description: 'Why (shown to whoever is refused).' }],
    run(context, args) {
      const reason = stringOption(args, 'reason');
      return act(context, args.positionals[0] as string, { action: 'lock', ...(reason === undefined ? {} : { reason }) });
    },
  },
  simple('unlock', 'unlock', 'Unlock an instance.'),
  {
    words: ['resize'],
    summary: 'Resize an instance to another flavor (cold: it is shut down, resized and started again if it ran).',
    positionals: [INSTANCE, { name: 'flavor', description: 'Flavor name or id.' }],
    details: 'The instance then shows VERIFY_RESIZE: confirm with resize-confirm (the old disk copy is dropped) or undo with resize-revert.',
    run: (context, args) => act(context, args.positionals[0] as string, { action: 'resize', flavor: args.positionals[1] as string }),
  },
  {
    words: ['resize-confirm'],
    summary: 'Confirm a resize (VERIFY_RESIZE → ACTIVE or SHUTOFF).',
    positionals: [INSTANCE],
    run: (context, args) => act(context, args.positionals[0] as string, { action: 'confirm-resize' }),
  },
  {
    words: ['resize-revert'],
    summary: 'Revert a resize: the old flavor, sizes and root disk come back.',
    positionals: [INSTANCE],
    run: (context, args) => act(context, args.positionals[0] as string, { action: 'revert-resize' }),
  },
  {
    words: ['snapshot', 'create'],
    summary: 'Take an internal snapshot of an instance (qcow2 disks, and memory when it runs).',
    positionals: [INSTANCE, { name: 'name', description: 'Snapshot name (unique per instance).' }],
    options: [{ name: 'description', type: 'string', value: 'TEXT', description: 'What the snapshot is for.' }],
    details: 'The NoCloud seed, CD-ROMs and raw or read-only disks are left out of the snapshot.',
    run(context, args) {
      const description = stringOption(args, 'description');
      return act(context, args.positionals[0] as string, { action: 'snapshot-create', name: args.positionals[1] as string, ...(description === undefined ? {} : { description }) });
    },
  },
  {
    words: ['snapshot', 'list'],
    readOnly: true,
    summary: "List an instance's snapshots (asks its host).",
    positionals: [INSTANCE],
    async run(context, args) {
      const list = await withCompute(context, (compute) => compute.snapshots(args.positionals[0] as string));
      const rows = list.map((s) => [s.name, s.description, s.state, s.createdAt, s.parent, s.current ? 'yes' : '']);
      return { text: formatTable(['Name', 'Description', 'State', 'Created', 'Parent', 'Current'], rows), json: list };
    },
  },
  {
    words: ['snapshot', 'revert'],
    summary: 'Return an instance to a snapshot (its disks, and its running state when the snapshot holds memory).',
    positionals: [INSTANCE, { name: 'name', description: 'Snapshot name.' }],
    run: (context, args) => act(context, args.positionals[0] as string, { action: 'snapshot-revert', name: args.positionals[1] as string }),
  },
  {
    words: ['snapshot', 'delete'],
    summary: 'Delete a snapshot of an instance.',
    positionals: [INSTANCE, { name: 'name', description: 'Snapshot name.' }],
    run: (context, args) => act(context, args.positionals[0] as string, { action: 'snapshot-delete', name: args.positionals[1] as string }),
  },
  {
    words: ['action-list'],
    readOnly: true,
    summary: "An instance's action log, newest first, as nova instance-action-list (with each action's events).",
    positionals: [INSTANCE],
    run(context, args) {
      const log = actionLog(context.inventory().store, args.positionals[0] as string);
      const rows = log.map((a) => [a.action, a.requestId, a.message ?? '', a.startTime, a.finishTime ?? '', a.events.map((e) => `${e.event}: ${e.result ?? 'running'}`).join('\n')]);
      return { text: formatTable(['Action', 'Request_ID', 'Message', 'Start_Time', 'Finish_Time', 'Events'], rows), json: log };
    },
  },
];
