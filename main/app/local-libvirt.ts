import { stat } from 'node:fs/promises';

/** Where a system libvirtd listens by default (`/var/run` is a symlink to `/run` on current distributions). */
export const LOCAL_LIBVIRT_SOCKETS: readonly string[] = ['/var/run/libvirt/libvirt-sock', '/run/libvirt/libvirt-sock'];

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
