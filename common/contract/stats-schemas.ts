// The live statistics part of the contract (`stats.watch`, `stats.samples`; docs/stats.md): payload schemas main
// validates with, checked against the plain shapes of common/model/stats.ts.
import { z } from 'zod';
import { STATS_LEVELS, STATS_WATCH_LIMITS, type DiskIo, type MemoryStats, type NetIo, type StatsHistory, type StatsPoint, type StatsSample } from '../model/stats';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A watch level. */
export const StatsLevelSchema = z.enum(STATS_LEVELS);

/** What a viewer watches at one level: it replaces that viewer's previous watch of the level (`[]` stops it). */
export const StatsWatchArgsSchema = z
  .strictObject({
    level: StatsLevelSchema,
    uuids: z.array(z.string().trim().toLowerCase().regex(UUID, 'Invalid instance UUID')).max(STATS_WATCH_LIMITS.summary),
  })
  .superRefine((args, ctx) => {
    const limit = STATS_WATCH_LIMITS[args.level];
    if (args.uuids.length > limit) {
      ctx.addIssue({ code: 'custom', path: ['uuids'], message: `At most ${limit} instances may be watched at the ${args.level} level (got ${args.uuids.length})` });
    }
  });

const Rate = z.number().nonnegative().nullable();
const KiB = z.number().nonnegative().nullable();

const MemoryStatsSchema = z.object({
  currentKiB: KiB,
  maximumKiB: KiB,
  rssKiB: KiB,
  usableKiB: KiB,
  availableKiB: KiB,
  unusedKiB: KiB,
}) satisfies z.ZodType<MemoryStats>;

const DiskIoSchema = z.object({ name: z.string(), readBps: Rate, writeBps: Rate, readIops: Rate, writeIops: Rate }) satisfies z.ZodType<DiskIo>;

const NetIoSchema = z.object({ name: z.string(), rxBps: Rate, txBps: Rate, rxPps: Rate, txPps: Rate }) satisfies z.ZodType<NetIo>;

const StatsPointSchema = z.object({
  t: z.number(),
  cpu: z.number().min(0).max(100).nullable(),
  memory: MemoryStatsSchema.optional(),
  disks: z.array(DiskIoSchema).readonly().optional(),
  nets: z.array(NetIoSchema).readonly().optional(),
}) satisfies z.ZodType<StatsPoint>;

const StatsSampleSchema = z.union([
  StatsPointSchema.extend({ uuid: z.string() }),
  z.object({ uuid: z.string(), t: z.number(), unavailable: z.string() }),
]) satisfies z.ZodType<StatsSample>;

const StatsHistorySchema = z.object({
  uuid: z.string(),
  points: z.array(StatsPointSchema).readonly(),
  unavailable: z.string().nullable(),
}) satisfies z.ZodType<StatsHistory>;

/** What `stats.watch` answers: the history of the instances this call added to the viewer's watch. */
export const StatsWatchResultSchema = z.object({ level: StatsLevelSchema, history: z.array(StatsHistorySchema).readonly() });

/** `stats.samples`: one interval's samples of one level, only those of instances the receiving viewer watches. */
export const StatsSamplesSchema = z.object({ level: StatsLevelSchema, samples: z.array(StatsSampleSchema).readonly() });

/** `stats.watch`'s arguments. */
export type StatsWatchArgs = z.output<typeof StatsWatchArgsSchema>;
/** `stats.watch`'s result. */
export type StatsWatchResult = z.output<typeof StatsWatchResultSchema>;
/** A `stats.samples` event. */
export type StatsSamples = z.output<typeof StatsSamplesSchema>;
