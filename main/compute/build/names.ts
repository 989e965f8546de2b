// Names a build gives things on a host: the guest's hostname, the volumes, the domain.
import type { InstanceVolumeRole } from '../../inventory/model';

/** Longest instance name accepted (bytes): with `-N` and `-<8 of uuid>` the domain name stays within libvirt's 200. */
export const MAX_INSTANCE_NAME_BYTES = 180;

/**
 * The guest hostname for an instance name, as Nova's `sanitize_hostname`: spaces, `_` and `.` become `-`, anything
 * else outside letters, digits and `-` is dropped, lower case, no leading or trailing `-`, at most 63 characters. A
 * name that leaves nothing usable (or only digits) gets `instance-<first 8 of the uuid>`.
 */
export function instanceHostname(name: string, uuid: string): string {
  let host = name
    .normalize('NFKD')
    .replace(/[ _.]/g, '-')
    .replace(/[^A-Za-z0-9-]+/g, '')
    .toLowerCase()
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  host = host.slice(0, 63).replace(/-+$/, '');
  return host === '' || /^[0-9]+$/.test(host) ? `instance-${uuid.slice(0, 8)}` : host;
}

// A resize keeps a copy of the root disk as `<uuid>_disk.resize` until it is confirmed (compute/actions/resize.ts).
const VOLUME_SUFFIX: Readonly<Record<InstanceVolumeRole, string>> = { root: '_disk', ephemeral: '_disk.eph0', swap: '_disk.swap', config: '_disk.config', 'resize-backup': '_disk.resize' };

/** `<uuid>_disk`, `<uuid>_disk.eph0`, `<uuid>_disk.swap`, `<uuid>_disk.config` (Nova's file names). */
export function instanceVolumeName(uuid: string, role: InstanceVolumeRole): string {
  return `${uuid}${VOLUME_SUFFIX[role]}`;
}

/** The domain name: the instance name unless the host has a domain of that name, then `<name>-<first 8 of uuid>`. */
export function chooseDomainName(instanceName: string, uuid: string, taken: (name: string) => boolean): string {
  return taken(instanceName) ? `${instanceName}-${uuid.slice(0, 8)}` : instanceName;
}
