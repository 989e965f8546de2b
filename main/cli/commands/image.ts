import { OneShotHostConnections } from '../../compute/host-access';
import { imageService, type DeletedImage, type ImageView } from '../../images';
import { numberOption, stringOption, UsageError } from '../args';
import type { CommandContext, CommandSpec } from '../command';
import { keyValueOptions } from '../key-values';
import { formatProperties, formatTable, type Cell } from '../table';
import { transferLine } from '../transfer-line';

const LIST_HEADERS = ['ID', 'Name', 'Status', 'Disk_Format', 'Size', 'Min_Disk', 'Min_Ram', 'Hosts'];

const images = (context: CommandContext) => {
  const inventory = context.inventory();
  return imageService({ store: inventory.store, dataDir: inventory.dataDir });
};

/** Hosts holding the image, as "name" (ready) or "name (uploading)". */
function hostList(image: ImageView): string {
  return image.hosts.map((h) => (h.status === 'ready' ? h.hostName : `${h.hostName} (uploading)`)).join(', ');
}

function listRow(image: ImageView): Cell[] {
  return [image.id, image.name, image.status, image.diskFormat, image.sizeBytes, image.minDiskGiB, image.minRamMiB, hostList(image)];
}

/** `glance image-show` rows, plus where the image is. */
function showImage(image: ImageView): string {
  return formatProperties({
    id: image.id,
    name: image.name,
    status: image.status,
    disk_format: image.diskFormat,
    container_format: 'bare',
    size: image.sizeBytes,
    virtual_size: image.virtualSizeBytes,
    os_hash_algo: 'sha256',
    os_hash_value: image.checksumSha256,
    min_disk: image.minDiskGiB,
    min_ram: image.minRamMiB,
    visibility: image.visibility,
    owner: image.ownerProjectId,
    properties: JSON.stringify(image.properties),
    source: image.source,
    hosts: hostList(image),
    instances: image.instances,
    created_at: image.createdAt,
    updated_at: image.updatedAt,
  });
}

function deletedText(deleted: DeletedImage): string {
  const lines = [`Deleted image ${deleted.image.name} (id ${deleted.image.id}).`];
  if (deleted.instances > 0) {
    const one = deleted.instances === 1;
    lines.push(`${deleted.instances} instance${one ? '' : 's'} built from it ${one ? 'keeps' : 'keep'} running; their hosts keep its base volume until none uses it.`);
  }
  for (const base of deleted.baseVolumes) {
    if (base.result === 'removed') lines.push(`Removed base volume ${base.volume} from host ${base.hostName}.`);
    else if (base.result === 'in-use') lines.push(`Kept base volume ${base.volume} on host ${base.hostName}: ${base.detail ?? 'in use'}.`);
  }
  return `${lines.join('\n')}\n`;
}

const IMAGE_ARG = [{ name: 'image', description: 'Image name or id.' }];

/** `image import|list|show|delete`. */
export const IMAGE_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['image', 'import'],
    summary: 'Import a disk image (qcow2 or raw) into the image cache.',
    positionals: [{ name: 'file', description: 'The image file: qcow2 (self-contained, unencrypted) or a raw disk.' }],
    options: [
      { name: 'name', type: 'string', value: 'NAME', description: 'Image name (required).' },
      { name: 'os-type', type: 'string', value: 'TYPE', description: 'Guest OS type: linux or windows.' },
      { name: 'min-disk', type: 'number', value: 'GiB', description: 'Smallest root disk a flavor must have (raised to the virtual size).' },
      { name: 'min-ram', type: 'number', value: 'MiB', description: 'Smallest RAM a flavor must have.' },
      { name: 'property', type: 'string', repeatable: true, value: 'KEY=VALUE', description: 'Glance-style property, e.g. hw_disk_bus=virtio (repeatable).' },
    ],
    details:
      'The file is read once: its format is sniffed from its header, its sha256 taken and a copy kept in the data\n' +
      'directory. ISO, VMDK, VDI, VHD(X), compressed files and qcow2 images with a backing file are refused with the reason.\n' +
      'Example: virt-deck image import cirros.qcow2 --name cirros --os-type linux',
    async run(context, args) {
      const name = stringOption(args, 'name');
      if (name === undefined) throw new UsageError("'image import' needs --name", ['image', 'import']);
      const osType = stringOption(args, 'os-type');
      const minDiskGiB = numberOption(args, 'min-disk');
      const minRamMiB = numberOption(args, 'min-ram');
      const properties = keyValueOptions(args, 'property', ['image', 'import']);
      const progress = context.progress;
      const signal = context.interrupted?.();
      try {
        const imported = await images(context).importFile(
          {
            path: args.positionals[0] as string,
            name,
            properties,
            ...(osType === undefined ? {} : { osType }),
            ...(minDiskGiB === undefined ? {} : { minDiskGiB }),
            ...(minRamMiB === undefined ? {} : { minRamMiB }),
          },
          {
            ...(signal === undefined ? {} : { signal }),
            ...(progress === undefined ? {} : { onProgress: (p) => progress(transferLine(`Importing ${name}`, p)) }),
          },
        );
        progress?.(null);
        const image = await images(context).show(imported.image.id);
        return { text: showImage(image), json: image, warnings: imported.notes };
      } catch (error) {
        progress?.(null);
        throw error;
      }
    },
  },
  {
    words: ['image', 'list'],
    readOnly: true,
    summary: 'List images.',
    async run(context) {
      const list = await images(context).list();
      return { text: formatTable(LIST_HEADERS, list.map(listRow)), json: list };
    },
  },
  {
    words: ['image', 'show'],
    readOnly: true,
    summary: 'Show one image: checksum, sizes, properties, the hosts holding it.',
    positionals: IMAGE_ARG,
    async run(context, args) {
      const image = await images(context).show(args.positionals[0] as string);
      return { text: showImage(image), json: image };
    },
  },
  {
    words: ['image', 'delete'],
    summary: 'Delete an image (instances built from it keep running).',
    positionals: IMAGE_ARG,
    details:
      'As in Glance, an image in use may be deleted: its cached file goes and no new instance can use it. Hosts keep\n' +
      'its base volume while instances there are built on it; the others are removed now (reachable hosts only).',
    async run(context, args) {
      const hosts = new OneShotHostConnections(context.inventory().store);
      try {
        const deleted = await images(context).delete(args.positionals[0] as string, hosts);
        const unreachable = deleted.baseVolumes
          .filter((b) => b.result === 'unreachable')
          .map((b) => `base volume ${b.volume} stays on host ${b.hostName} for now: ${b.detail ?? 'unreachable'}`);
        return { text: deletedText(deleted), json: deleted, warnings: unreachable };
      } finally {
        await hosts.close();
      }
    },
  },
];
