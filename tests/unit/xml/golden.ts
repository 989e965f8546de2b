import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Golden files: real libvirt 9.0 output dumped from the lab (`virsh dumpxml`, `capabilities`, `domcapabilities`,
 * `vol-dumpxml`, `pool-dumpxml`, `net-dumpxml`, `snapshot-dumpxml`) on the QEMU host (`qemu-*`) and the test
 * driver (`test-*`), byte for byte as virsh printed them. `*-rich` domains were defined from a hand-written
 * document with Nova's and our metadata, every device kind the models read, and a title full of quotes.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** The text of golden file `name` (`qemu-domain-rich.xml`). */
export function golden(name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

/** Every golden file name. */
export function goldenNames(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

/** Lines removed from `before` and added in `after`, each list sorted (a crude diff for "only this changed" checks). */
export function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const count = (lines: string[]) => {
    const m = new Map<string, number>();
    for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  const removed: string[] = [];
  const added: string[] = [];
  for (const [l, n] of ca) for (let i = (cb.get(l) ?? 0); i < n; i++) removed.push(l);
  for (const [l, n] of cb) for (let i = (ca.get(l) ?? 0); i < n; i++) added.push(l);
  return { removed: removed.sort(), added: added.sort() };
}
