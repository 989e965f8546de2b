import { QUOTA_RESOURCES } from '../../quota/limits';
import type { QuotaReport, QuotaUpdate } from '../../inventory/services';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import type { CommandSpec } from '../command';
import { formatTable } from '../table';

const UNITS: Readonly<Record<string, string>> = { instances: 'N', cores: 'N', ram: 'MiB', disk: 'GiB' };

function render(report: QuotaReport): { text: string; json: unknown } {
  const rows = report.lines.map((l) => [l.resource, l.limit, l.inUse]);
  return {
    text: formatTable(['Quota', 'Limit', 'In Use'], rows),
    json: {
      project: { id: report.project.id, name: report.project.name },
      quota: report.lines.map((l) => ({ resource: l.resource, limit: l.limit, inUse: l.inUse, isDefault: l.isDefault })),
    },
  };
}

const projectOption: OptionSpec = { name: 'project', type: 'string', value: 'PROJECT', description: 'Project name or id (default: admin).' };

function update(args: ParsedArgs): QuotaUpdate {
  const out: QuotaUpdate = {};
  for (const resource of QUOTA_RESOURCES) {
    const raw = stringOption(args, resource);
    if (raw === undefined) continue;
    if (raw === 'default') out[resource] = null;
    else if (/^-?\d+$/.test(raw.trim())) out[resource] = Number(raw);
    else throw new UsageError(`--${resource} expects a whole number, -1 (unlimited) or "default", got ${JSON.stringify(raw)}`, ['quota', 'set']);
  }
  if (Object.keys(out).length === 0) {
    throw new UsageError(`'quota set' needs at least one of ${QUOTA_RESOURCES.map((r) => `--${r}`).join(', ')}`, ['quota', 'set']);
  }
  return out;
}

/** `quota show|set`. */
export const QUOTA_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['quota', 'show'],
    readOnly: true,
    summary: "Show a project's quota limits and what it uses (-1 = unlimited).",
    options: [projectOption],
    run(context, args) {
      return render(context.inventory().services.quotas.show(stringOption(args, 'project')));
    },
  },
  {
    words: ['quota', 'set'],
    summary: "Set a project's quota limits.",
    options: [
      projectOption,
      ...QUOTA_RESOURCES.map((resource) => ({
        name: resource,
        type: 'string' as const,
        value: UNITS[resource] ?? 'N',
        description: `Limit for ${resource}: a whole number, -1 for unlimited, or "default".`,
      })),
    ],
    details: 'Example: virt-deck quota set --project demo --cores 8 --ram 16384',
    run(context, args) {
      const changes = update(args); // usage errors before the data directory is touched
      return render(context.inventory().services.quotas.set(stringOption(args, 'project'), changes));
    },
  },
];
