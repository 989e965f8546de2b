// The names of the contract's channels and events, without their schemas.
// The sandboxed Electron preload builds its named functions from these lists, and a sandboxed preload must be one
// small bundle: importing the schemas would put zod in it. channels.ts checks at compile time that its tables name
// exactly these channels and events, so the two cannot drift apart.

/** SSH prompts (host keys, passphrases, passwords asked while connecting): open prompts, and the answer. */
const PROMPT_CHANNEL_NAMES = ['prompts.list', 'prompts.answer'] as const;
/** SSH prompts: one is asked, one is over (answered in some window, expired or cancelled). */
const PROMPT_EVENT_NAMES = ['prompts.requested', 'prompts.resolved'] as const;

// Live statistics (main/stats, docs/stats.md).
const STATS_CHANNEL_NAMES = ['stats.watch'] as const;
const STATS_EVENT_NAMES = ['stats.samples'] as const;

/** Every request/response channel of the contract (queries and commands). */
export const CHANNEL_NAMES = [
  'app.info',
  'flavors.list',
  'projects.list',
  'hosts.list',
  'hosts.add',
  'hosts.remove',
  'hosts.update',
  'projects.create',
  'quotas.show',
  'quotas.set',
  'flavors.create',
  'flavors.delete',
  'instances.list',
  'instances.show',
  'instances.create',
  'instances.act',
  'instances.bulk',
  'instances.actions',
  'snapshots.list',
  'instances.xml',
  'settings.get',
  'settings.set',
  'images.list',
  'images.show',
  'images.import',
  'images.delete',
  'keypairs.list',
  'keypairs.add',
  'keypairs.delete',
  'networks.list',
  'pools.list',
  'activity.list',
  'console.open',
  'placement.preview',
  'serverGroups.list',
  'availabilityZones.list',
  ...STATS_CHANNEL_NAMES,
  ...PROMPT_CHANNEL_NAMES,
] as const;

/** Every event pushed from main to the renderer. */
export const EVENT_NAMES = ['inventory.changed', 'activity.changed', ...STATS_EVENT_NAMES, ...PROMPT_EVENT_NAMES] as const;

/** A request/response channel name. */
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** An event name. */
export type EventName = (typeof EVENT_NAMES)[number];
