// The contract's payloads for the admin screens: editing a host, creating projects and flavors, showing and setting
// a project's quota. Main checks the same values again in its services (names, control characters, bounds); these
// schemas refuse what is malformed or unknown before a service sees it.
import { z } from 'zod';
import { ProjectSchema } from './schemas';

/** Text the user typed, bounded. */
const Text = (max: number) => z.string().trim().min(1).max(max);

/** Whole numbers of a signed 32-bit column (Nova's bounds for sizes and limits). */
const MAX_DB_INT = 2_147_483_647;

/**
 * `hosts.update`: one host by id (or name), and what to change: its name, its libvirt URI (checked as `hosts.add`
 * checks it; a new URI reconnects), whether placement may use it and why not.
 */
export const UpdateHostArgsSchema = z
  .strictObject({
    id: Text(255),
    name: Text(63).optional(),
    uri: Text(2048).optional(),
    enabled: z.boolean().optional(),
    disabledReason: Text(255).optional(),
    /** Re-point a host that still has instances (the new URI must reach the same hypervisor). */
    force: z.boolean().optional(),
  })
  .refine((args) => args.name !== undefined || args.uri !== undefined || args.enabled !== undefined || args.disabledReason !== undefined, {
    message: 'Nothing to change: give name, uri, enabled or disabledReason',
  });

/** `projects.create`: a name and a description. */
export const CreateProjectArgsSchema = z.strictObject({ name: Text(255), description: z.string().max(1024).optional() });

/** The quota resources, as Nova names them (cores = vCPUs, ram in MiB, disk in GiB). */
export const QuotaResourceSchema = z.enum(['cores', 'disk', 'instances', 'ram']);

/** One line of a project's quota: limit (−1: unlimited), whether it is the default, and what its instances use. */
export const QuotaLineSchema = z.object({ resource: QuotaResourceSchema, limit: z.number().int(), isDefault: z.boolean(), inUse: z.number() });

/** A project's quota with usage. */
export const QuotaReportSchema = z.object({ project: ProjectSchema, lines: z.array(QuotaLineSchema).readonly() });

/** `quotas.show`: one project by name or id. */
export const ProjectRefArgsSchema = z.strictObject({ project: Text(255) });

/** A limit to set (−1: unlimited) or null to go back to the default. */
const QuotaLimit = z.number().int().min(-1).max(MAX_DB_INT).nullable().optional();

/** `quotas.set`: a project and the limits to change (at least one). */
export const SetQuotaArgsSchema = z
  .strictObject({ project: Text(255), cores: QuotaLimit, disk: QuotaLimit, instances: QuotaLimit, ram: QuotaLimit })
  .refine((args) => args.cores !== undefined || args.disk !== undefined || args.instances !== undefined || args.ram !== undefined, {
    message: 'Nothing to set: give at least one of cores, disk, instances, ram',
  });

/** A size of a flavor. */
const Size = (min: number) => z.number().int().min(min).max(MAX_DB_INT);

/** `flavors.create` (Nova's `flavor create`; flavors are not edited after, as in Nova: delete and create again). */
export const CreateFlavorArgsSchema = z.strictObject({
  name: Text(255),
  vcpus: Size(1),
  ramMiB: Size(1),
  diskGiB: Size(0),
  ephemeralGiB: Size(0).optional(),
  swapMiB: Size(0).optional(),
  isPublic: z.boolean().optional(),
  description: z.string().max(65_535).optional(),
});

/** `flavors.delete`: one flavor by name or id. */
export const FlavorRefArgsSchema = z.strictObject({ ref: Text(255) });

/** What `hosts.update` takes. */
export type UpdateHostArgs = z.input<typeof UpdateHostArgsSchema>;
/** A project's quota with usage. */
export type QuotaReport = z.output<typeof QuotaReportSchema>;
/** One line of a quota report: a resource's limit (−1: unlimited), whether it is the default, what is in use. */
export type QuotaLine = z.output<typeof QuotaLineSchema>;
/** A quota resource. */
export type QuotaResource = z.output<typeof QuotaResourceSchema>;
/** What `quotas.set` takes. */
export type SetQuotaArgs = z.input<typeof SetQuotaArgsSchema>;
/** What `flavors.create` takes. */
export type CreateFlavorArgs = z.input<typeof CreateFlavorArgsSchema>;
