// The bench's inventory: N test-driver domains on a few private `test:///<file>.xml` hosts (each connection gets its
// own copy of the file's state) served by the lab's libvirtd, plus the lab's shared test-default host for the
// latency runs; main in-process with live hosts, as web mode runs it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type VirtDeckApp } from '../../../main/app';
import type { LabInfo } from '../../lab';

/** libvirt run states for `<test:runstate>`: running, paused, shut off, in turn. */
const RUNSTATES = [1, 3, 5] as const;

/** One host's node file: `count` domains named `vm-<host>-<i>`, a little over half of them with addresses in their name. */
export function fleetNodeXml(host: number, count: number): string {
  const domains: string[] = [];
  for (let i = 0; i < count; i++) {
    const uuid = `b${host.toString(16).padStart(7, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    domains.push(
      `  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm-${host}-${i}</name><uuid>${uuid}</uuid>` +
        `<memory unit='MiB'>${256 << i % 4}</memory><vcpu>${1 + (i % 4)}</vcpu><os><type>hvm</type></os><test:runstate>${RUNSTATES[i % 3]}</test:runstate></domain>`,
    );
  }
  return `<node>
  <cpu><nodes>1</nodes><sockets>2</sockets><cores>16</cores><threads>2</threads><active>64</active><mhz>2400</mhz><model>x86_64</model></cpu>
  <memory>1073741824</memory>
${domains.join('\n')}
</node>
`;
}

/** The app with the fleet in its inventory. */
export interface Fleet {
  readonly app: VirtDeckApp;
  /** How many instances the inventory holds (the fleet, plus what test-default has). */
  readonly instances: number;
  close(): Promise<void>;
}

/** Build the fleet: `hosts` file hosts sharing `total` domains, plus test-default; resolves once all are listed. */
export async function startFleet(lab: LabInfo, total: number, hosts: number): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), 'vd-bench-ui-'));
  chmodSync(dir, 0o755); // libvirtd reads the node files itself
  const app = createApp({ mode: 'web', dataDir: join(dir, 'data'), connectHosts: true, libvirtSocketPaths: [], log: (line) => process.stderr.write(`${line}\n`) });
  const close = async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const call = async <T>(channel: Parameters<VirtDeckApp['service']['call']>[0], args: unknown): Promise<T> => {
      const result = await app.service.call(channel, args, { transport: 'in-process' });
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as T;
    };
    const perHost = Math.ceil(total / hosts);
    for (let h = 0; h < hosts; h++) {
      const count = Math.min(perHost, total - h * perHost);
      const file = join(dir, `fleet${h}.xml`);
      writeFileSync(file, fleetNodeXml(h, count), { mode: 0o644 });
      await call('hosts.add', { name: `fleet${h}`, uri: `test+unix://${file}?socket=${lab.libvirtSocket}` });
    }
    const testDefault = lab.hosts.find((host) => host.name === 'test-default');
    if (testDefault === undefined) throw new Error('the lab has no test-default host');
    await call('hosts.add', { name: 'test-default', uri: testDefault.unixUri });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const listed = await call<{ hostName: string | null }[]>('instances.list', {});
      const fleet = listed.filter((instance) => instance.hostName?.startsWith('fleet') === true).length;
      const shared = listed.some((instance) => instance.hostName === 'test-default');
      if (fleet >= total && shared) return { app, instances: listed.length, close };
      if (Date.now() > deadline) throw new Error(`only ${fleet} of ${total} fleet instances listed after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await close();
    throw error;
  }
}
