// The channel table: every channel with its argument and result schemas, every event with its payload schema.
//
// Adding a channel: add its name to names.ts, its entry here (payload schemas in schemas.ts), its handler in
// main/app/handlers.ts. The preload, the IPC registration and the WebSocket endpoint pick it up from these lists.
import { z } from 'zod';
import type { ChannelName, EventName } from './names';
import {
  ActivityChangedSchema,
  ActivitySchema,
  AddedKeyPairSchema,
  AddKeyPairArgsSchema,
  DeletedImageSchema,
  HostNetworksSchema,
  HostPoolsSchema,
  HostRefArgsSchema,
  ImageRefArgsSchema,
  ImageSchema,
  ImportedImageSchema,
  ImportImageArgsSchema,
  KeyPairRefArgsSchema,
  KeyPairSchema,
  AddHostArgsSchema,
  AppInfoSchema,
  FlavorSchema,
  AddedHostSchema,
  CreateInstancesArgsSchema,
  CreateInstancesResultSchema,
  HostSchema,
  InstanceRefArgsSchema,
  InstanceSchema,
  InventoryChangedSchema,
  ListInstancesArgsSchema,
  NoArgsSchema,
  ProjectSchema,
  RemoveHostArgsSchema,
  RemoveHostResultSchema,
} from './schemas';
import { AvailabilityZoneSchema, PlacementPreviewArgsSchema, PlacementPreviewSchema, ServerGroupListingSchema, ServerGroupsListArgsSchema } from './create-schemas';
import { OpenConsoleArgsSchema, OpenedConsoleSchema } from './console-schemas';
import {
  ActArgsSchema,
  ActResultSchema,
  BulkArgsSchema,
  BulkOutcomeSchema,
  InstanceActionLogSchema,
  SettingSchema,
  SettingsGetArgsSchema,
  SettingsSetArgsSchema,
  SnapshotSchema,
} from './compute-schemas';
import { command, query, type ChannelSpec } from './spec';
import { CreateFlavorArgsSchema, CreateProjectArgsSchema, FlavorRefArgsSchema, ProjectRefArgsSchema, QuotaReportSchema, SetQuotaArgsSchema, UpdateHostArgsSchema } from './admin-schemas';
import { StatsSamplesSchema, StatsWatchArgsSchema, StatsWatchResultSchema } from './stats-schemas';
import { PromptAnswerArgsSchema, PromptAnswerResultSchema, PromptResolvedSchema, PromptSchema } from './prompt-schemas';

/** SSH prompts (`docs/transports.md`, "Prompts"): the prompts still open, and the answer to one. */
const promptChannels = {
  'prompts.list': query(NoArgsSchema, z.array(PromptSchema)),
  'prompts.answer': command(PromptAnswerArgsSchema, PromptAnswerResultSchema),
} as const;

/** SSH prompts: asked, and over (whichever window answered; or expired, cancelled). */
const promptEvents = {
  'prompts.requested': PromptSchema,
  'prompts.resolved': PromptResolvedSchema,
} as const;

/** Every channel of the contract. */
export const contract = {
  'app.info': query(NoArgsSchema, AppInfoSchema),
  'flavors.list': query(NoArgsSchema, z.array(FlavorSchema)),
  'projects.list': query(NoArgsSchema, z.array(ProjectSchema)),
  'hosts.list': query(NoArgsSchema, z.array(HostSchema)),
  'hosts.add': command(AddHostArgsSchema, AddedHostSchema),
  'hosts.remove': command(RemoveHostArgsSchema, RemoveHostResultSchema),
  'hosts.update': command(UpdateHostArgsSchema, HostSchema),
  'projects.create': command(CreateProjectArgsSchema, ProjectSchema),
  'quotas.show': query(ProjectRefArgsSchema, QuotaReportSchema),
  'quotas.set': command(SetQuotaArgsSchema, QuotaReportSchema),
  'flavors.create': command(CreateFlavorArgsSchema, FlavorSchema),
  'flavors.delete': command(FlavorRefArgsSchema, FlavorSchema),
  'instances.list': query(ListInstancesArgsSchema, z.array(InstanceSchema)),
  'instances.show': query(InstanceRefArgsSchema, InstanceSchema),
  'instances.create': command(CreateInstancesArgsSchema, CreateInstancesResultSchema),
  'instances.act': command(ActArgsSchema, ActResultSchema),
  'instances.bulk': command(BulkArgsSchema, z.array(BulkOutcomeSchema)),
  'instances.actions': query(InstanceRefArgsSchema, z.array(InstanceActionLogSchema)),
  'snapshots.list': query(InstanceRefArgsSchema, z.array(SnapshotSchema)),
  'instances.xml': query(InstanceRefArgsSchema, z.string()),
  'settings.get': query(SettingsGetArgsSchema, z.array(SettingSchema)),
  'settings.set': command(SettingsSetArgsSchema, SettingSchema),
  'images.list': query(NoArgsSchema, z.array(ImageSchema)),
  'images.show': query(ImageRefArgsSchema, ImageSchema),
  'images.import': command(ImportImageArgsSchema, ImportedImageSchema),
  'images.delete': command(ImageRefArgsSchema, DeletedImageSchema),
  'keypairs.list': query(NoArgsSchema, z.array(KeyPairSchema)),
  'keypairs.add': command(AddKeyPairArgsSchema, AddedKeyPairSchema),
  'keypairs.delete': command(KeyPairRefArgsSchema, KeyPairSchema),
  'networks.list': query(HostRefArgsSchema, HostNetworksSchema),
  'pools.list': query(HostRefArgsSchema, HostPoolsSchema),
  'activity.list': query(NoArgsSchema, z.array(ActivitySchema)),
  'console.open': command(OpenConsoleArgsSchema, OpenedConsoleSchema),
  'placement.preview': query(PlacementPreviewArgsSchema, PlacementPreviewSchema),
  'serverGroups.list': query(ServerGroupsListArgsSchema, z.array(ServerGroupListingSchema)),
  'availabilityZones.list': query(NoArgsSchema, z.array(AvailabilityZoneSchema)),

  // Live statistics (docs/stats.md).
  'stats.watch': command(StatsWatchArgsSchema, StatsWatchResultSchema),

  // SSH prompts (docs/transports.md).
  ...promptChannels,
} as const satisfies Record<ChannelName, ChannelSpec>;

/** Every event of the contract. */
export const events = {
  'inventory.changed': InventoryChangedSchema,
  'activity.changed': ActivityChangedSchema,

  // Live statistics, sent to the viewers that watch them (docs/stats.md).
  'stats.samples': StatsSamplesSchema,

  // SSH prompts, to every window (whichever answers first).
  ...promptEvents,
} as const satisfies Record<EventName, z.ZodType>;

/** The contract's type. */
export type Contract = typeof contract;
/** The events' type. */
export type Events = typeof events;

// names.ts and the tables above must name the same channels and events (the preload exposes names.ts's lists).
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _channelListsAgree: SameKeys<keyof Contract, ChannelName> = true;
const _eventListsAgree: SameKeys<keyof Events, EventName> = true;

/** A channel name. */
export type Channel = keyof Contract & string;
/** What a channel takes (before validation). */
export type ArgsOf<C extends Channel> = z.input<Contract[C]['args']>;
/** What a channel returns (after validation). */
export type ResultOf<C extends Channel> = z.output<Contract[C]['result']>;
/** An event name. */
export type ContractEvent = keyof Events & string;
/** An event's payload. */
export type EventPayload<E extends ContractEvent> = z.output<Events[E]>;
