// The names of the contract's channels and events, without their schemas.
// Kept apart from contract.ts so the sandboxed Electron preload can build its named functions from this list
// without bundling zod; contract.ts checks at compile time that both lists agree.

/** Every request/response channel of the contract (queries and commands). */
export const CHANNEL_NAMES = ['app.info', 'flavors.list', 'projects.list', 'hosts.list', 'hosts.add', 'hosts.remove', 'instances.list', 'instances.show'] as const;

/** Every event pushed from main to the renderer. */
export const EVENT_NAMES = ['inventory.changed'] as const;

/** A request/response channel name. */
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** An event name. */
export type EventName = (typeof EVENT_NAMES)[number];
