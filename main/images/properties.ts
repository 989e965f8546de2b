// Glance-like image properties: free-form string pairs, a few of which the app reads (os_type, the hw_* hints the
// domain builder honours, architecture and hypervisor type for placement). Known keys are checked here, when the
// image is imported, so a typo is refused at once instead of breaking a create later.
import { InvalidInputError } from '../inventory/errors';
import type { ImageProperties } from '../placement/types';
import { controlCharacterProblem } from '../text/control-chars';

/** Glance's limit on property keys and values. */
const MAX_KEY = 255;
const MAX_VALUE = 255;
/** Properties per image (Glance's `image_property_quota` default is 128). */
export const MAX_PROPERTIES = 128;

const KEY = /^[A-Za-z0-9_.:-]+$/;

/**
 * Attributes of the image itself in Glance (and here): they are set by the import, never as properties, so
 * `--property size=1` cannot pretend to be the real size.
 */
const RESERVED = new Set([
  'id', 'name', 'status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'disk_format', 'container_format',
  'min_disk', 'min_ram', 'visibility', 'owner', 'protected', 'created_at', 'updated_at', 'deleted', 'deleted_at', 'location', 'locations',
  'file', 'schema', 'self', 'tags', 'direct_url',
]);

/** Values Nova's libvirt driver accepts for the hw_* properties we know; others are kept as given. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  os_type: ['linux', 'windows'],
  hw_disk_bus: ['virtio', 'scsi', 'sata', 'ide', 'usb'],
  hw_cdrom_bus: ['sata', 'ide', 'scsi', 'usb'],
  hw_vif_model: ['virtio', 'e1000', 'e1000e', 'rtl8139', 'ne2k_pci', 'pcnet'],
  hw_video_model: ['vga', 'cirrus', 'qxl', 'virtio', 'bochs', 'none'],
  hw_firmware_type: ['bios', 'uefi'],
  hw_rng_model: ['virtio'],
  hw_qemu_guest_agent: ['yes', 'no'],
  hw_vm_mode: ['hvm', 'xen', 'exe'],
};

/** Check and normalise properties (keys as given, values trimmed of nothing: Glance keeps them verbatim). */
export function validateImageProperties(properties: Readonly<Record<string, string>>): Record<string, string> {
  const problems: string[] = [];
  const entries = Object.entries(properties);
  if (entries.length > MAX_PROPERTIES) problems.push(`at most ${MAX_PROPERTIES} properties are allowed, got ${entries.length}`);
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    const shown = JSON.stringify(key.slice(0, 40));
    if (key.length === 0 || key.length > MAX_KEY || !KEY.test(key)) {
      problems.push(`property name ${shown} must be 1–${MAX_KEY} letters, digits, "_", ".", ":" or "-"`);
      continue;
    }
    if (RESERVED.has(key)) {
      problems.push(`${key} is an attribute of the image, not a property${key === 'min_disk' || key === 'min_ram' ? ` (use --${key.replace('_', '-')})` : ''}`);
      continue;
    }
    if (typeof value !== 'string' || value.length > MAX_VALUE) {
      problems.push(`property ${key} must be a string of at most ${MAX_VALUE} characters`);
      continue;
    }
    const control = controlCharacterProblem(`property ${key}`, value);
    if (control !== null) {
      problems.push(control);
      continue;
    }
    const choices = CHOICES[key];
    if (choices !== undefined && !choices.includes(value)) {
      problems.push(`property ${key} must be one of ${choices.join(', ')}, not ${JSON.stringify(value.slice(0, 40))}`);
      continue;
    }
    out[key] = value;
  }
  if (problems.length > 0) throw new InvalidInputError(`Invalid image properties: ${problems.join('; ')}`);
  return out;
}

/** What placement reads from an image: `hw_architecture` (or Glance's older `architecture`) and `img_hv_type` (or `hypervisor_type`). */
export function placementImageProperties(properties: Readonly<Record<string, string>>): ImageProperties {
  const architecture = properties['hw_architecture'] ?? properties['architecture'];
  const hypervisorType = properties['img_hv_type'] ?? properties['hypervisor_type'];
  return { ...(architecture === undefined ? {} : { architecture }), ...(hypervisorType === undefined ? {} : { hypervisorType }) };
}
