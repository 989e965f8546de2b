/** One member of a newc archive. */
export type CpioEntry =
  | { readonly kind: 'dir'; readonly path: string; readonly mode: number }
  | { readonly kind: 'file'; readonly path: string; readonly mode: number; readonly data: Buffer }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  | { readonly kind: 'chardev'; readonly path: string; readonly mode: number; readonly major: number; readonly minor: number };

const TYPE_BITS = { dir: 0o040000, file: 0o100000, symlink: 0o120000, chardev: 0o020000 } as const;

const hex8 = (value: number): string => value.toString(16).padStart(8, '0');
const pad4 = (length: number): Buffer => Buffer.alloc((4 - (length % 4)) % 4);

/**
 * Build an SVR4 "newc" cpio archive, the format the kernel unpacks as an initramfs.
 * Written here rather than shelling out to `cpio` so the image needs no staging tree on disk.
 */
export function buildNewcArchive(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  const append = (name: string, mode: number, data: Buffer, ino: number, rdev: { major: number; minor: number }): void => {
    const nameBytes = Buffer.from(`${name}\0`, 'utf8');
    const nlink = (mode & 0o170000) === TYPE_BITS.dir ? 2 : 1;
    const fields = [ino, mode, 0, 0, nlink, 0, data.length, 0, 0, rdev.major, rdev.minor, nameBytes.length, 0];
    const header = Buffer.from(`070701${fields.map(hex8).join('')}`, 'ascii');
    parts.push(header, nameBytes, pad4(header.length + nameBytes.length), data, pad4(data.length));
  };
  entries.forEach((entry, index) => {
    const ino = index + 1;
    const noDev = { major: 0, minor: 0 };
    switch (entry.kind) {
      case 'dir':
        append(entry.path, TYPE_BITS.dir | entry.mode, Buffer.alloc(0), ino, noDev);
        break;
      case 'file':
        append(entry.path, TYPE_BITS.file | entry.mode, entry.data, ino, noDev);
        break;
      case 'symlink':
        append(entry.path, TYPE_BITS.symlink | 0o777, Buffer.from(entry.target, 'utf8'), ino, noDev);
        break;
      case 'chardev':
        append(entry.path, TYPE_BITS.chardev | entry.mode, Buffer.alloc(0), ino, { major: entry.major, minor: entry.minor });
        break;
    }
  });
  append('TRAILER!!!', 0, Buffer.alloc(0), 0, { major: 0, minor: 0 });
  return Buffer.concat(parts);
}
