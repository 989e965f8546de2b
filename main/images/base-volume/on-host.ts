import type { HostConnections } from '../../compute/host-access';
import type { ImageRecord } from '../../inventory/model';
import { ensureBaseVolume, type BaseVolume, type EnsureBaseVolumeOptions } from './ensure-base-volume';

/**
 * {@link ensureBaseVolume} on a host reached through {@link HostConnections}: the app's live session or the CLI's
 * one-shot connection, with the host's pooled SSH connection for the checksum.
 */
export function ensureBaseVolumeOn(
  hosts: HostConnections,
  hostId: string,
  image: ImageRecord,
  options: Omit<EnsureBaseVolumeOptions, 'ssh'>,
): Promise<BaseVolume> {
  return hosts.use(hostId, (conn, host) => ensureBaseVolume(conn, host, image, { ...options, ssh: () => hosts.ssh(hostId, options.signal) }));
}
