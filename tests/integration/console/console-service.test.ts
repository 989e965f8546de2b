// The console broker against the real lab: a QEMU guest of this file's own reached on this machine and over SSH
// (through the host's one pooled SSH connection), its VNC server and its serial console, pre-flight refusals from real
// domains, tokens bound to a viewer, and main's memory bound while the guest floods a viewer that stopped reading.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleService, ConsoleTokenRefusedError, ConsoleUnavailableError, type ProxyClosed, type ViewerEnd, type ViewerEvents } from '../../../main/console';
import { HostManager, hostService } from '../../../main/hosts';
import { openInventory, type Inventory } from '../../../main/inventory';
import { connectLibvirt, type LibvirtConnection } from '../../../main/libvirt';
import { SshPool } from '../../../main/ssh';
import { uniqueName } from '../../lab/fixture';
import { labInfo } from '../../lab/lab-info';
import { labHost, virsh } from '../../lab/virsh';
import { startConsoleGuest, type ConsoleGuest } from '../../support/console-guest';
import { waitUntil } from '../hosts/wait';

const lab = labInfo();
const dataDir = mkdtempSync(join(tmpdir(), 'vd-console-'));
/** The pool both the host sessions and the console tunnels use: one SSH connection to the lab's sshd. */
const pool = new SshPool();
const logs: string[] = [];
let inventory: Inventory;
let manager: HostManager;
let consoles: ConsoleService;
let guest: ConsoleGuest;
let spice: string;

/** A viewer the test drives: it records what it is sent, and takes it (acknowledges) only while `reading`. */
class TestViewer implements ViewerEnd {
  queuedBytes = 0;
  reading = true;
  /** The last 64 KiB received (the test's own memory stays small while the guest floods). */
  private tail = '';
  events: ViewerEvents | null = null;
  closedWith: { code: number; reason: string } | null = null;

  attach(events: ViewerEvents): void {
    this.events = events;
  }
  send(chunk: Uint8Array): void {
    this.tail = (this.tail + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1')).slice(-64 * 1024);
    if (this.reading) this.events?.drain();
    else this.queuedBytes += chunk.length;
  }
  pauseInput(): void {}
  resumeInput(): void {}
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  type(text: string): void {
    this.events?.data(Buffer.from(text));
  }
  resumeReading(): void {
    this.reading = true;
    this.queuedBytes = 0;
    this.events?.drain();
  }
  text(): string {
    return this.tail;
  }
}

beforeAll(async () => {
  guest = await startConsoleGuest(lab, 'int-console');
  spice = uniqueName('console-spice');
  const spiceXml = join(tmpdir(), `${spice}.xml`);
  writeFileSync(spiceXml, `<domain type='test'><name>${spice}</name><memory unit='MiB'>64</memory><os><type>hvm</type></os><devices><graphics type='spice' autoport='yes'/></devices></domain>`);
  await virsh(lab, ['create', spiceXml], { host: 'test-default' });
  rmSync(spiceXml, { force: true });

  inventory = openInventory({ dataDir });
  const hosts = hostService(inventory.store);
  hosts.add({ name: 'lab-local', uri: labHost(lab, 'qemu').unixUri });
  hosts.add({ name: 'lab-ssh', uri: labHost(lab, 'qemu').sshUri });
  hosts.add({ name: 'lab-test', uri: labHost(lab, 'test-default').unixUri });
  manager = new HostManager({ store: inventory.store, connectOptions: { pool }, backoff: { initialMs: 200, maxMs: 1_000 } });
  manager.start();
  await waitUntil('hosts up', () => hosts.list().every((host) => host.status === 'up'), 30_000);
  await waitUntil('the guest listed on both QEMU hosts', () => instanceOn('lab-local', guest.uuid) !== null && instanceOn('lab-ssh', guest.uuid) !== null, 30_000);
  consoles = new ConsoleService({
    store: inventory.store,
    connectOptions: { pool },
    log: (line) => logs.push(line),
    hosts: {
      async withConnection<T>(host: { id: string; uri: string }, work: (conn: LibvirtConnection) => Promise<T>): Promise<T> {
        const live = (await manager.session(host.id)?.openConnection(0)) ?? null;
        if (live !== null) return work(live);
        const conn = await connectLibvirt(host.uri, { pool });
        try {
          return await work(conn);
        } finally {
          await conn.close();
        }
      },
    },
  });
}, 180_000);

afterAll(async () => {
  consoles?.closeAll('test over');
  await manager?.stop();
  await pool.closeAll();
  inventory?.close();
  await guest?.remove();
  if (spice) await virsh(lab, ['destroy', spice], { host: 'test-default' }).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The instance UUID of a domain as listed on one of our hosts. */
function instanceOn(hostName: string, domainUuid: string): string | null {
  const host = hostService(inventory.store).show(hostName);
  return inventory.store.instances.findByDomain(host.id, domainUuid)?.uuid ?? null;
}

function instanceNamed(hostName: string, name: string): string {
  const host = hostService(inventory.store).show(hostName);
  const found = inventory.store.instances.list({ hostId: host.id }).find((i) => i.name === name);
  if (found === undefined) throw new Error(`${name} is not listed on ${hostName}`);
  return found.uuid;
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConsoleUnavailableError || error instanceof ConsoleTokenRefusedError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Open and connect a console of the guest on `hostName`; returns the viewer and the proxy's end. */
async function connectGuest(hostName: string, kind: 'vnc' | 'serial'): Promise<{ viewer: TestViewer; closed: Promise<ProxyClosed>; close: () => void; via: string; description: string }> {
  const instance = instanceOn(hostName, guest.uuid)!;
  const opened = await consoles.open({ ref: instance, kind }, 'viewer-1');
  const viewer = new TestViewer();
  const proxy = await consoles.connect({ token: opened.token, instance, viewerSession: 'viewer-1', transport: 'web mode' }, viewer);
  return { viewer, closed: proxy.closed, close: () => proxy.close(1000, 'test done'), via: opened.via, description: opened.description };
}

describe('console broker on the lab', () => {
  it("reaches the guest's VNC server on this machine", async () => {
    const { viewer, close, via, description } = await connectGuest('lab-local', 'vnc');
    expect(via).toBe('direct');
    expect(description).toMatch(/^VNC 127\.0\.0\.1:59\d\d on lab-local$/);
    await waitUntil('the RFB greeting', () => viewer.text().startsWith('RFB 003.008\n'), 10_000);
    close();
    // The session is in the instance's action log, finished with how it ended.
    const instance = instanceOn('lab-local', guest.uuid)!;
    await waitUntil('the console action to finish', () => inventory.store.instanceActions.list(instance).some((a) => a.action === 'console' && a.finishTime !== null), 5_000);
    const action = inventory.store.instanceActions.list(instance).find((a) => a.action === 'console')!;
    expect(action.message).toMatch(/^VNC console in web mode, closed after \d+ s: test done \(\d+ bytes shown, 0 bytes typed\)$/);
  });

  it("reaches it over SSH through the host's existing SSH connection: no second login", async () => {
    expect(pool.size).toBe(1);
    const before = pool.stats()[0]!;
    const { viewer, close, via, closed } = await connectGuest('lab-ssh', 'vnc');
    expect(via).toBe('ssh');
    await waitUntil('the RFB greeting over SSH', () => viewer.text().startsWith('RFB 003.008\n'), 10_000);
    expect(pool.size).toBe(1);
    expect(pool.stats()[0]).toMatchObject({ key: before.key, channels: before.channels + 1 });
    close();
    await closed;
    await waitUntil('the forwarded channel to close', () => pool.stats()[0]?.channels === before.channels, 5_000);
  });

  it('attaches to the serial console (DOMAIN_OPEN_CONSOLE) locally and over SSH: the prompt, and commands echo', async () => {
    for (const host of ['lab-local', 'lab-ssh']) {
      const { viewer, close, closed } = await connectGuest(host, 'serial');
      viewer.type('\r');
      await waitUntil(`the prompt on ${host}`, () => viewer.text().includes('/ # '), 10_000);
      viewer.type(`echo ${host}-$((6*7))\r`);
      await waitUntil(`the echo on ${host}`, () => viewer.text().includes(`${host}-42`), 10_000);
      close();
      await closed;
    }
    expect(pool.size).toBe(1);
  });

  it('binds tokens to the viewer and the instance', async () => {
    const instance = instanceOn('lab-local', guest.uuid)!;
    const opened = await consoles.open({ ref: instance, kind: 'vnc' }, 'viewer-1');
    expect(await refusal(() => consoles.connect({ token: opened.token, instance, viewerSession: 'viewer-2', transport: 'web mode' }, new TestViewer()))).toBe(
      'Console refused: this console link belongs to another window; open the console again',
    );
    expect(await refusal(() => consoles.connect({ token: opened.token, instance, viewerSession: 'viewer-1', transport: 'web mode' }, new TestViewer()))).toBe(
      'Console refused: this console link was already used (each one works once); open the console again',
    );
    expect(logs.filter((line) => line.includes('console token refused'))).toHaveLength(2);
  });

  it('refuses, with the reason, what cannot be shown: no graphics, no serial port, SPICE only', async () => {
    const test = instanceNamed('lab-test', 'test');
    expect(await refusal(() => consoles.open({ ref: test, kind: 'vnc' }, 'viewer-1'))).toBe('test has no graphics device');
    expect(await refusal(() => consoles.open({ ref: test, kind: 'serial' }, 'viewer-1'))).toBe('test has no serial console: add a serial port (pty) to it');
    await waitUntil('the SPICE domain listed', () => inventory.store.instances.list().some((i) => i.name === spice), 20_000);
    expect(await refusal(() => consoles.open({ ref: instanceNamed('lab-test', spice), kind: 'vnc' }, 'viewer-1'))).toBe(`${spice} has only a SPICE display (Virt Deck shows VNC): add a VNC display to it`);
  });

  it('holds main to its bound while the guest floods a viewer that stopped reading', async () => {
    const { viewer, close, closed } = await connectGuest('lab-local', 'serial');
    viewer.type('\r');
    await waitUntil('the prompt', () => viewer.text().includes('/ # '), 10_000);
    // Bytes held in Buffers (stream queues are Buffers, outside the JS heap).
    const buffersBefore = process.memoryUsage().arrayBuffers;
    viewer.reading = false;
    viewer.type('while true; do echo 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz; done\r');
    await waitUntil('the proxy to pause the console', () => (consoles.activeStats()[0]?.pauses ?? 0) >= 1, 60_000);
    // The guest goes on printing for as long as it can; main holds still.
    const paused = consoles.activeStats()[0]!;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const later = consoles.activeStats()[0]!;
    expect(later.toViewer).toBe(paused.toViewer);
    expect(later.maxQueued).toBeLessThanOrEqual(1024 * 1024 + 256 * 1024);
    expect(process.memoryUsage().arrayBuffers - buffersBefore).toBeLessThan(4 * 1024 * 1024);
    // Reading again lets it flow; Ctrl+C stops the flood.
    viewer.resumeReading();
    await waitUntil('more output', () => consoles.activeStats()[0]!.toViewer > later.toViewer, 10_000);
    viewer.type('\x03');
    close();
    await closed;
  }, 120_000);

  it('refuses a guest that is not running, naming its status', async () => {
    await virsh(lab, ['destroy', guest.name]);
    const instance = instanceOn('lab-local', guest.uuid)!;
    expect(await refusal(() => consoles.open({ ref: instance, kind: 'vnc' }, 'viewer-1'))).toBe(`${guest.name} is not running (SHUTOFF)`);
    expect(await refusal(() => consoles.open({ ref: instance, kind: 'serial' }, 'viewer-1'))).toBe(`${guest.name} is not running (SHUTOFF)`);
  });
});
