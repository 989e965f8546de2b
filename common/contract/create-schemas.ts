// The create wizard's questions to main (docs/shell.md): where a request would go and why, without claiming
// anything, and what a project's quota leaves. Imports nothing but zod.
import { z } from 'zod';
import { MAX_CREATE_COUNT } from './schemas';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** What a placement preview takes: the request's project, flavor, count, image (its properties filter hosts) and a forced host. */
export const PlacementPreviewArgsSchema = z.strictObject({
  project: Text(255).optional(),
  flavor: Text(255),
  image: Text(255).optional(),
  count: z.number().int().min(1).max(MAX_CREATE_COUNT).optional(),
  host: Text(255).optional(),
  /** The create's server group (the project's): its policy joins the filters and weighers. */
  serverGroup: Text(255).optional(),
  availabilityZone: Text(255).optional(),
});

/** One weigher's part in a host's weight. */
export const WeigherScoreSchema = z.object({
  weigher: z.string(),
  raw: z.number(),
  normalized: z.number(),
  multiplier: z.number(),
  contribution: z.number(),
});

/** One host as the scheduler saw it for the first instance: refused by a filter (and why), or weighed and ranked. */
export const PreviewHostSchema = z.discriminatedUnion('passed', [
  z.object({ host: z.string(), passed: z.literal(false), filter: z.string(), reason: z.string() }),
  z.object({ host: z.string(), passed: z.literal(true), rank: z.number().int(), weight: z.number(), chosen: z.boolean(), weighers: z.array(WeigherScoreSchema) }),
]);

/** Where the request would go now ("why this host"); nothing is claimed, so a create may still land elsewhere. */
export const PlacementPreviewSchema = z.object({
  ok: z.boolean(),
  /** The host chosen per instance (on failure: those placed before the one that found none). */
  chosen: z.array(z.string()),
  /** The one-line "why this host" of the first instance, as the build records it. */
  explanation: z.string().nullable(),
  /** NoValidHost's message and which filter removed the last hosts, when no host fits. */
  message: z.string().nullable(),
  hosts: z.array(PreviewHostSchema),
});

/** `serverGroups.list`: the groups of one project (default admin), as the create wizard offers them. */
export const ServerGroupsListArgsSchema = z.strictObject({ project: Text(255).optional() });

/** A server group as the wizard lists it. */
export const ServerGroupListingSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  policy: z.string(),
  members: z.number().int(),
  maxServerPerHost: z.number().int().nullable(),
});

/** An availability zone: its name and the hosts in it (by their own zone, their aggregates' or the default). */
export const AvailabilityZoneSchema = z.object({ name: z.string(), hosts: z.array(z.string()) });

/** A server group of `serverGroups.list`. */
export type ServerGroupListing = z.output<typeof ServerGroupListingSchema>;
/** A zone of `availabilityZones.list`. */
export type AvailabilityZone = z.output<typeof AvailabilityZoneSchema>;

/** What `placement.preview` returns. */
export type PlacementPreview = z.output<typeof PlacementPreviewSchema>;
/** One host of a preview. */
export type PreviewHost = z.output<typeof PreviewHostSchema>;
