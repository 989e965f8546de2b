// A QEMU guest of the test's own for console tests: the lab guest's kernel and busybox initramfs (shells on tty1 —
// the VNC screen — and ttyS0, the serial console), VNC on 127.0.0.1 with autoport, under a vd-lab-* name the lab
// cleans up. Typing into it disturbs nobody else's tests.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueName } from '../lab/fixture';
import { directBootDomainXml } from '../lab/guest-image';
import { virsh } from '../lab/virsh';
import type { LabInfo } from '../lab/types';

/** A running console guest. */
export interface ConsoleGuest {
  readonly name: string;
  readonly uuid: string;
  /** Its serial console, copied to this file by virtlogd. */
  readonly logPath: string;
  /** What the guest prints on both screens once its shells run. */
  readonly banner: string;
  /** The serial log so far. */
  log(): string;
  /** Destroy and undefine it, and remove its log. */
  remove(): Promise<void>;
}

/** Define and start a console guest on the lab's QEMU host; resolves once its banner is on the serial console. */
export async function startConsoleGuest(lab: LabInfo, prefix = 'console'): Promise<ConsoleGuest> {
  const name = uniqueName(prefix);
  const logPath = join(tmpdir(), `${name}.log`);
  const xmlPath = join(tmpdir(), `${name}.xml`);
  const guestDir = join(lab.stateDir, 'guest');
  writeFileSync(
    xmlPath,
    directBootDomainXml({ name, title: 'Virt Deck console test guest', kernel: join(guestDir, 'vmlinuz'), initrd: join(guestDir, 'initrd.gz'), consoleLog: logPath }),
  );
  await virsh(lab, ['define', xmlPath]);
  rmSync(xmlPath, { force: true });
  const uuid = await virsh(lab, ['domuuid', name]);
  const guest: ConsoleGuest = {
    name,
    uuid,
    logPath,
    banner: lab.guest.banner,
    log: () => {
      try {
        return readFileSync(logPath, 'latin1');
      } catch {
        return '';
      }
    },
    async remove() {
      await virsh(lab, ['destroy', name]).catch(() => undefined);
      await virsh(lab, ['undefine', name]).catch(() => undefined);
      rmSync(logPath, { force: true });
    },
  };
  try {
    await virsh(lab, ['start', name]);
    await waitForText(guest, lab.guest.banner, 120_000);
  } catch (error) {
    await guest.remove();
    throw error;
  }
  return guest;
}

/** Wait until the guest's serial log contains `text` (after position `from`). */
export async function waitForText(guest: ConsoleGuest, text: string, timeoutMs: number, from = 0): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!guest.log().slice(from).includes(text)) {
    if (Date.now() > deadline) throw new Error(`${guest.name} did not print ${JSON.stringify(text)} within ${timeoutMs} ms; its serial log ends: ${JSON.stringify(guest.log().slice(-400))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
