// The contract's payloads for acting on instances: one request shape per action (a union discriminated by the
// action's name, with that action's options), what an action returns, bulk outcomes, the action log, snapshots and
// settings. The action names are the guard table's (common/compute/instance-actions.ts), so the renderer can ask
// `whyNot` about exactly what it sends.
import { z } from 'zod';
import type { InstanceAction } from '../compute/instance-actions';
import { InstanceSchema } from './schemas';

/** Text the user typed, bounded. */
const Text = (max: number) => z.string().trim().min(1).max(max);

/** A snapshot name (checked again in main: libvirt stores it as a file name). */
const SnapshotName = Text(200);

const bare = <A extends InstanceAction>(action: A) => z.strictObject({ action: z.literal(action) });

/** Every action with its options. */
export const InstanceActionRequestSchema = z.discriminatedUnion('action', [
  bare('start'),
  /** ACPI shutdown, waiting up to `timeoutSeconds` (default: the `stop_timeout_seconds` setting). */
  z.strictObject({ action: z.literal('stop'), timeoutSeconds: z.number().int().min(1).max(3600).optional() }),
  bare('force-stop'),
  /** Soft reboot: ACPI shutdown and start, a hard reboot when the guest does not go down within the timeout. */
  z.strictObject({ action: z.literal('reboot'), timeoutSeconds: z.number().int().min(1).max(3600).optional() }),
  bare('reboot-hard'),
  bare('pause'),
  bare('unpause'),
  bare('suspend'),
  bare('resume'),
  z.strictObject({ action: z.literal('rename'), name: Text(255) }),
  z.strictObject({ action: z.literal('lock'), reason: Text(255).optional() }),
  bare('unlock'),
  /** Flavor name or id. */
  z.strictObject({ action: z.literal('resize'), flavor: Text(255) }),
  bare('confirm-resize'),
  bare('revert-resize'),
  z.strictObject({ action: z.literal('snapshot-create'), name: SnapshotName, description: z.string().max(4096).optional() }),
  z.strictObject({ action: z.literal('snapshot-revert'), name: SnapshotName }),
  z.strictObject({ action: z.literal('snapshot-delete'), name: SnapshotName }),
  /** `deleteDisks`: adopted instances only — also delete the pool volumes its disks are. */
  z.strictObject({ action: z.literal('delete'), deleteDisks: z.boolean().optional() }),
  z.strictObject({ action: z.literal('force-delete'), deleteDisks: z.boolean().optional() }),
  bare('restore'),
  bare('forget'),
]);

/** An action request. */
export type InstanceActionRequest = z.output<typeof InstanceActionRequestSchema>;

// The union must name every action of the guard table, and nothing else.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _everyActionHasARequest: SameKeys<InstanceActionRequest['action'], InstanceAction> = true;

/** `instances.act`: one action on one instance (UUID or unique name). */
export const ActArgsSchema = z.strictObject({ ref: Text(255), action: InstanceActionRequestSchema });

/** A snapshot of an instance. */
export const SnapshotSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  state: z.string().nullable(),
  createdAt: z.string().nullable(),
  parent: z.string().nullable(),
  current: z.boolean(),
});

/** What an action did. */
export const ActResultSchema = z.object({
  /** The instance afterwards; null when it left the live inventory (deleted, forgotten). */
  instance: InstanceSchema.nullable(),
  /** False when the action stopped short without failing: a stop that timed out. */
  done: z.boolean(),
  message: z.string().nullable(),
  /** What the UI should offer next ("Force off" after a stop that timed out). */
  offer: z.string().nullable(),
  snapshot: SnapshotSchema.optional(),
});

/** `instances.bulk`: one action on several instances (at most 500 at once). */
export const BulkArgsSchema = z.strictObject({ refs: z.array(Text(255)).min(1).max(500), action: InstanceActionRequestSchema });

/** One instance's outcome in a bulk action. */
export const BulkOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ok'), ref: z.string(), result: ActResultSchema }),
  z.object({ outcome: z.literal('refused'), ref: z.string(), code: z.string(), message: z.string() }),
]);

/** One step of an action (Nova's instance action event). */
export const ActionEventSchema = z.object({
  event: z.string(),
  host: z.string().nullable(),
  startTime: z.string(),
  finishTime: z.string().nullable(),
  result: z.enum(['Success', 'Error']).nullable(),
  traceback: z.string().nullable(),
});

/** An instance action with its events (`nova instance-action`). */
export const InstanceActionLogSchema = z.object({
  action: z.string(),
  requestId: z.string(),
  startTime: z.string(),
  finishTime: z.string().nullable(),
  message: z.string().nullable(),
  events: z.array(ActionEventSchema),
});

/** An installation setting with its value now. */
export const SettingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('number'),
    key: z.string(),
    description: z.string(),
    unit: z.string(),
    value: z.number(),
    defaultValue: z.number(),
    min: z.number(),
    max: z.number(),
    isDefault: z.boolean(),
  }),
  z.object({
    kind: z.literal('choice'),
    key: z.string(),
    description: z.string(),
    choices: z.array(z.string()).readonly(),
    value: z.string(),
    defaultValue: z.string(),
    isDefault: z.boolean(),
  }),
]);

/** `settings.get`: one setting, or all of them. */
export const SettingsGetArgsSchema = z.strictObject({ key: Text(100).optional() });

/** `settings.set`: a value, or null to return to the default. */
export const SettingsSetArgsSchema = z.strictObject({ key: Text(100), value: z.union([z.number().int(), Text(100)]).nullable() });

/** What `instances.act` returns. */
export type ActResult = z.output<typeof ActResultSchema>;
/** One outcome of `instances.bulk`. */
export type BulkOutcome = z.output<typeof BulkOutcomeSchema>;
/** An entry of the action log. */
export type InstanceActionLog = z.output<typeof InstanceActionLogSchema>;
/** A snapshot as listed. */
export type Snapshot = z.output<typeof SnapshotSchema>;
/** A setting as listed. */
export type Setting = z.output<typeof SettingSchema>;
