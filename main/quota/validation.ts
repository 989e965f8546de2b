import { z } from 'zod';
import { controlCharacterProblem } from '../text/control-chars';
import type { QuotaDelta, QuotaLimits, QuotaUsage } from './limits';
import type { Flavor } from '../../common/model/flavor';
import type { Project } from '../../common/model/project';
import { SERVER_GROUP_POLICIES, type ServerGroup } from '../../common/model/server-group';

// Bounds follow Nova's flavor API (names ≤ 255 characters, sizes within a signed 32-bit column).
const MAX_DB_INT = 2_147_483_647;

function wholeNumber(what: string, min: number): z.ZodNumber {
  return z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(min, { error: `${what} must be ≥ ${min}` })
    .max(MAX_DB_INT, { error: `${what} must be ≤ ${MAX_DB_INT}` });
}

/** Refuse control characters (terminal escapes, bidi overrides); `allow` lists harmless ones (line breaks in free text). */
function printable<T extends z.ZodString>(schema: T, what: string, allow = ''): T {
  return schema.superRefine((s, ctx) => {
    const problem = controlCharacterProblem(what, s, allow);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

function name(what: string): z.ZodString {
  return printable(
    z
      .string({ error: `${what} must be a string` })
      .min(1, { error: `${what} must not be empty` })
      .max(255, { error: `${what} must be at most 255 characters` })
      .refine((s) => s.trim() === s, { error: `${what} must not start or end with whitespace` }),
    what,
  );
}

/** Free text (descriptions): line breaks and tabs are fine, other control characters are not. */
export function freeText(what: string, max: number): z.ZodString {
  return printable(z.string({ error: `${what} must be a string` }).max(max, { error: `${what} must be at most ${max} characters` }), what, '\n\r\t');
}

/** Flavor as Nova accepts it: positive vCPUs and RAM, non-negative disks, string extra specs. */
export const flavorSchema = z
  .object({
    id: z
      .string({ error: 'id must be a string' })
      .min(1, { error: 'id must not be empty' })
      .max(255, { error: 'id must be at most 255 characters' })
      .regex(/^[\w.\- ]+$/, { error: 'id may contain only letters, digits, spaces, ".", "-" and "_"' }),
    name: name('name'),
    vcpus: wholeNumber('vcpus', 1),
    ramMiB: wholeNumber('ramMiB', 1),
    diskGiB: wholeNumber('diskGiB', 0),
    ephemeralGiB: wholeNumber('ephemeralGiB', 0),
    swapMiB: wholeNumber('swapMiB', 0),
    extraSpecs: z
      .record(
        z.string().min(1, { error: 'extra spec keys must not be empty' }).max(255, { error: 'extra spec keys must be at most 255 characters' }),
        printable(z.string({ error: 'extra spec values must be strings' }).max(255, { error: 'extra spec values must be at most 255 characters' }), 'extra spec values'),
      )
      // Checked on the record: zod reports any failing key only as "Invalid key in record".
      .superRefine((specs, ctx) => {
        for (const key of Object.keys(specs)) {
          const problem = controlCharacterProblem('extra spec keys', key);
          if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
        }
      }),
    isPublic: z.boolean({ error: 'isPublic must be true or false' }),
  })
  .strict();

const quotaValue = (resource: string): z.ZodNumber => wholeNumber(resource, -1);
const usageValue = (resource: string): z.ZodNumber => wholeNumber(resource, 0);

/** Limits for every resource; −1 is unlimited. */
export const quotaLimitsSchema = z
  .object({ instances: quotaValue('instances'), cores: quotaValue('cores'), ram: quotaValue('ram'), disk: quotaValue('disk') })
  .strict();

/** Usage for every resource (never negative). */
export const quotaUsageSchema = z
  .object({ instances: usageValue('instances'), cores: usageValue('cores'), ram: usageValue('ram'), disk: usageValue('disk') })
  .strict();

/** A delta: any subset of the resources, never negative. */
export const quotaDeltaSchema = quotaUsageSchema.partial();

/** Per-project quota overrides: any subset of the limits. */
export const projectQuotaSchema = quotaLimitsSchema.partial();

/** A project with optional quota overrides. */
export const projectSchema = z
  .object({
    id: name('id'),
    name: name('name'),
    description: freeText('description', 255).optional(),
    enabled: z.boolean({ error: 'enabled must be true or false' }),
    quota: projectQuotaSchema.optional(),
  })
  .strict();

/** A server group; `maxServerPerHost` only makes sense for anti-affinity (Nova rejects it elsewhere). */
export const serverGroupSchema = z
  .object({
    id: name('id'),
    name: name('name'),
    policy: z.enum(SERVER_GROUP_POLICIES, {
      error: `policy must be one of ${SERVER_GROUP_POLICIES.join(', ')}`,
    }),
    members: z.array(z.string().min(1, { error: 'member uuids must not be empty' })),
    rules: z.object({ maxServerPerHost: wholeNumber('rules.maxServerPerHost', 1).optional() }).strict().optional(),
    projectId: z.string().optional(),
  })
  .strict()
  .refine((g) => g.rules?.maxServerPerHost === undefined || g.policy === 'anti-affinity', {
    error: 'rules.maxServerPerHost is only allowed with the anti-affinity policy',
    path: ['rules', 'maxServerPerHost'],
  });

/** Either the parsed value or every problem found, each prefixed by its field path. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[]; readonly message: string };

function validate<T>(schema: z.ZodType, what: string, input: unknown): Validated<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data as T };
  const errors = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${what}.${path}: ${issue.message}` : `${what}: ${issue.message}`;
  });
  return { ok: false, errors, message: `Invalid ${what}: ${errors.join('; ')}` };
}

/** Validate an untrusted flavor (from the UI, the CLI or a file). */
export function validateFlavor(input: unknown): Validated<Flavor> {
  return validate<Flavor>(flavorSchema, 'flavor', input);
}

/** Validate untrusted quota limits. */
export function validateQuotaLimits(input: unknown): Validated<QuotaLimits> {
  return validate<QuotaLimits>(quotaLimitsSchema, 'quota limits', input);
}

/** Validate untrusted quota usage. */
export function validateQuotaUsage(input: unknown): Validated<QuotaUsage> {
  return validate<QuotaUsage>(quotaUsageSchema, 'quota usage', input);
}

/** Validate an untrusted quota delta. */
export function validateQuotaDelta(input: unknown): Validated<QuotaDelta> {
  return validate<QuotaDelta>(quotaDeltaSchema, 'quota delta', input);
}

/** Validate an untrusted project. */
export function validateProject(input: unknown): Validated<Project> {
  return validate<Project>(projectSchema, 'project', input);
}

/** Validate an untrusted server group. */
export function validateServerGroup(input: unknown): Validated<ServerGroup> {
  return validate<ServerGroup>(serverGroupSchema, 'server group', input);
}

/** Validate an untrusted display name (an image's, a key pair's): 1–255 characters, no control characters, no surrounding whitespace. */
export function validateName(what: string, input: unknown): Validated<string> {
  const result = name(what).safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.map((issue) => issue.message);
  return { ok: false, errors, message: `Invalid ${what}: ${errors.join('; ')}` };
}
