import { z } from 'zod';
import { readTextOr, writeFileAtomic } from './files';
import type { LabPaths } from './paths';
import type { LabInfo } from './types';

/** Who brought the lab up: a test run's global setup stops only a lab it owns. */
export type LabOwner = 'cli' | 'fixture';

const processesSchema = z.object({
  libvirtdPid: z.number().int().optional(),
  sshdPid: z.number().int().optional(),
  sshPort: z.number().int().min(1).max(65535).optional(),
  virtlogdPid: z.number().int().optional(),
  virtlogdStartedByLab: z.boolean().optional(),
  owner: z.enum(['cli', 'fixture']).optional(),
  keeperPid: z.number().int().optional(),
  /** The libvirtd the keeper's connection belongs to. */
  keeperLibvirtdPid: z.number().int().optional(),
});

/** What the lab started, recorded as each component comes up so a partly started lab can be torn down. */
export type LabProcesses = z.infer<typeof processesSchema>;

/** Read processes.json; a missing or damaged file reads as empty (pid files are the fallback). */
export function readProcesses(paths: LabPaths): LabProcesses {
  try {
    const parsed = processesSchema.safeParse(JSON.parse(readTextOr(paths.processesJson, '{}')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Merge fields into processes.json. */
export function updateProcesses(paths: LabPaths, patch: Partial<LabProcesses>): LabProcesses {
  const next = { ...readProcesses(paths), ...patch };
  writeFileAtomic(paths.processesJson, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

// Only the fields other code relies on are checked; the rest is the lab's own output.
const labInfoShape = z.looseObject({
  stateDir: z.string(),
  libvirtSocket: z.string(),
  libvirtdPid: z.number(),
  sshdPid: z.number(),
  hosts: z.array(z.looseObject({ name: z.string(), unixUri: z.string(), sshUri: z.string(), virshSshUri: z.string() })).min(1),
  ssh: z.looseObject({ port: z.number(), privateKeyPath: z.string(), knownHostsPath: z.string() }),
  guest: z.looseObject({ name: z.string(), consoleLogPath: z.string() }),
});

/** Read lab.json: null if absent; throws naming the file if it is not a lab description. */
export function readLabJson(paths: LabPaths): LabInfo | null {
  const text = readTextOr(paths.labJson, '');
  if (text === '') return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${paths.labJson} is not valid JSON (${(error as Error).message}); run \`npm run lab -- up\` to rewrite it`, { cause: error });
  }
  const parsed = labInfoShape.safeParse(data);
  if (!parsed.success) {
    throw new Error(`${paths.labJson} does not describe a lab (${parsed.error.issues[0]?.message ?? 'bad shape'} at ${parsed.error.issues[0]?.path.join('.') ?? '?'}); run \`npm run lab -- up\` to rewrite it`);
  }
  // The checked fields match; the file was written by writeLabJson from a LabInfo.
  return data as LabInfo;
}

/** Write lab.json (readable by any test process). */
export function writeLabJson(paths: LabPaths, info: LabInfo): void {
  writeFileAtomic(paths.labJson, `${JSON.stringify(info, null, 2)}\n`);
}
