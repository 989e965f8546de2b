import type { FlavorRecord } from '../../inventory';
import type { FlavorDetails } from '../../inventory/services';
import { flagOption, numberOption, stringOption, stringOptions, UsageError, type ParsedArgs } from '../args';
import { keyValueOptions } from '../key-values';
import type { CommandSpec } from '../command';
import { formatProperties, formatTable, type Cell } from '../table';

const LIST_HEADERS = ['ID', 'Name', 'Memory_MiB', 'Disk', 'Ephemeral', 'Swap', 'VCPUs', 'Is_Public'];

// nova flavor-list shows an empty Swap cell for "no swap".
function listRow(f: FlavorRecord): Cell[] {
  return [f.id, f.name, f.ramMiB, f.diskGiB, f.ephemeralGiB, f.swapMiB === 0 ? '' : f.swapMiB, f.vcpus, f.isPublic];
}

function showFlavor(f: FlavorDetails): string {
  return formatProperties({
    access_projects: f.isPublic ? '' : f.accessProjects.join(', '),
    description: f.description,
    disk: f.diskGiB,
    ephemeral: f.ephemeralGiB,
    extra_specs: JSON.stringify(f.extraSpecs),
    id: f.id,
    is_public: f.isPublic,
    name: f.name,
    ram: f.ramMiB,
    swap: f.swapMiB === 0 ? '' : f.swapMiB,
    vcpus: f.vcpus,
  });
}

function required(args: ParsedArgs, name: string): number {
  const value = numberOption(args, name);
  if (value === undefined) throw new UsageError(`'flavor create' needs --${name}`, ['flavor', 'create']);
  return value;
}

/** `flavor list|show|create|delete`. */
export const FLAVOR_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['flavor', 'list'],
    readOnly: true,
    summary: 'List flavors.',
    run(context) {
      const flavors = context.inventory().services.flavors.list();
      return { text: formatTable(LIST_HEADERS, flavors.map(listRow)), json: flavors };
    },
  },
  {
    words: ['flavor', 'show'],
    readOnly: true,
    summary: 'Show one flavor.',
    positionals: [{ name: 'flavor', description: 'Flavor name or id.' }],
    run(context, args) {
      const flavor = context.inventory().services.flavors.show(args.positionals[0] as string);
      return { text: showFlavor(flavor), json: flavor };
    },
  },
  {
    words: ['flavor', 'create'],
    summary: 'Create a flavor.',
    positionals: [{ name: 'name', description: 'Flavor name, e.g. m1.custom.' }],
    options: [
      { name: 'vcpus', type: 'number', value: 'N', description: 'Virtual CPUs (required).' },
      { name: 'ram', type: 'number', value: 'MiB', description: 'Memory in MiB (required).' },
      { name: 'disk', type: 'number', value: 'GiB', description: 'Root disk in GiB (required; 0 = the image size).' },
      { name: 'ephemeral', type: 'number', value: 'GiB', description: 'Ephemeral disk in GiB (default 0).' },
      { name: 'swap', type: 'number', value: 'MiB', description: 'Swap in MiB (default 0).' },
      { name: 'id', type: 'string', value: 'ID', description: 'Flavor id (default: a new UUID).' },
      { name: 'private', type: 'flag', description: 'Only the projects given with --project may use it.' },
      { name: 'project', type: 'string', repeatable: true, value: 'PROJECT', description: 'Project allowed to use a private flavor (repeatable).' },
      { name: 'property', type: 'string', repeatable: true, value: 'KEY=VALUE', description: 'Extra spec (repeatable).' },
      { name: 'description', type: 'string', value: 'TEXT', description: 'Free-form description.' },
    ],
    details: 'Example: virt-deck flavor create m1.nano --vcpus 1 --ram 128 --disk 1',
    run(context, args) {
      const id = stringOption(args, 'id');
      const description = stringOption(args, 'description');
      const ephemeralGiB = numberOption(args, 'ephemeral');
      const swapMiB = numberOption(args, 'swap');
      // Usage errors first: a wrong command line must not create or open the data directory.
      const input = {
        name: args.positionals[0] as string,
        vcpus: required(args, 'vcpus'),
        ramMiB: required(args, 'ram'),
        diskGiB: required(args, 'disk'),
        isPublic: !flagOption(args, 'private'),
        projects: stringOptions(args, 'project'),
        extraSpecs: keyValueOptions(args, 'property', ['flavor', 'create']),
        ...(id === undefined ? {} : { id }),
        ...(description === undefined ? {} : { description }),
        ...(ephemeralGiB === undefined ? {} : { ephemeralGiB }),
        ...(swapMiB === undefined ? {} : { swapMiB }),
      };
      const flavor = context.inventory().services.flavors.create(input);
      return { text: formatTable(LIST_HEADERS, [listRow(flavor)]), json: flavor };
    },
  },
  {
    words: ['flavor', 'delete'],
    summary: 'Delete a flavor (instances built from it keep their size).',
    positionals: [{ name: 'flavor', description: 'Flavor name or id.' }],
    run(context, args) {
      const flavor = context.inventory().services.flavors.delete(args.positionals[0] as string);
      return { text: `Deleted flavor ${flavor.name} (id ${flavor.id})\n`, json: { deleted: flavor } };
    },
  },
];
