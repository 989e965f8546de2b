import { stat } from 'node:fs/promises';
import { localSocketCandidates } from '../libvirt/transport/sockets';
import { parseLibvirtUri } from '../libvirt/transport/uri';

/** The URI this machine's own libvirtd is added under when the inventory has no host yet. */
export const LOCAL_LIBVIRT_URI = 'qemu:///system';

/**
 * Where a system libvirtd listens: the sockets a connection to {@link LOCAL_LIBVIRT_URI} would try (the modular
 * `virtqemud-sock`, then the monolithic `libvirt-sock`), from the transport's own socket rules, so the probe and the
 * dial cannot disagree.
 */
export const LOCAL_LIBVIRT_SOCKETS: readonly string[] = localSocketCandidates(parseLibvirtUri(LOCAL_LIBVIRT_URI));

/** The first of `paths` that exists and is a unix socket, or null. A missing or unreadable path is just "not here". */
export async function findLocalLibvirtSocket(paths: readonly string[] = LOCAL_LIBVIRT_SOCKETS): Promise<string | null> {
  for (const path of paths) {
    try {
      if ((await stat(path)).isSocket()) return path;
    } catch {
      // ENOENT, EACCES on a parent directory: either way there is no socket we could use.
    }
  }
  return null;
}
