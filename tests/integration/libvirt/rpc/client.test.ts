import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Program, type LibvirtRpcClient, type RpcLogEntry } from '../../../../main/libvirt/rpc';
import { labInfo } from '../../../lab/lab-info';
import { uniqueName } from '../../../lab/fixture';
import { labHost, virshAt } from '../../../lab/virsh';
import { P, driverUriOf, openLab, readAll, readDomain, readPool, readVol, writeDomain, writePool, writeVol } from './helpers';

let clients: LibvirtRpcClient[] = [];
async function open(driverUri: string, options: Parameters<typeof openLab>[1] = {}): Promise<LibvirtRpcClient> {
  const client = await openLab(driverUri, options);
  clients.push(client);
  return client;
}
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
});

describe('RPC client against the lab libvirtd', () => {
  it.each([
    ['qemu', 'QEMU'],
    ['test-default', 'TEST'],
  ])('handshakes on the %s host and answers GET_TYPE / VERSION / HOSTNAME', async (hostName, type) => {
    const client = await open(driverUriOf(hostName));
    expect(client.session?.features).toEqual({ keepalive: true, callbackEvents: true, closeCallback: true });
    expect(await client.call(P.CONNECT_GET_TYPE, null, (r) => r.string())).toBe(type);
    const version = await client.call(P.CONNECT_GET_VERSION, null, (r) => r.uhyper());
    if (type === 'TEST') expect(version).toBe(2n);
    else expect(version).toBeGreaterThan(1_000_000n);
    expect(await client.call(P.CONNECT_GET_HOSTNAME, null, (r) => r.string())).toMatch(/\S/);
    expect(await client.call(P.CONNECT_GET_LIB_VERSION, null, (r) => r.uhyper())).toBeGreaterThanOrEqual(9_000_000n);
  });

  it('pipelines 50 calls on one connection', async () => {
    const client = await open('test:///default');
    const calls = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0 ? client.call(P.CONNECT_GET_HOSTNAME, null, (r) => r.string()) : client.call(P.CONNECT_GET_TYPE, null, (r) => r.string()),
    );
    expect(client.inFlight.calls).toBe(50);
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === 'TEST').length).toBe(25);
    expect(new Set(results.filter((r) => r !== 'TEST')).size).toBe(1);
    expect(client.inFlight.calls).toBe(0);
  });

  it('answers the daemon’s PINGs: an idle connection survives and stays usable', async () => {
    const log: RpcLogEntry[] = [];
    // Our own pings are pushed out of the window so that only the daemon's pings keep us alive.
    const client = await open('test:///default', { keepalive: { intervalMs: 60_000, timeoutMs: 60_000 }, log: (e) => log.push(e) });
    await new Promise((r) => setTimeout(r, 12_500));
    expect(log.filter((e) => e.kind === 'keepalive' && e.event === 'ping-received').length).toBeGreaterThanOrEqual(2);
    expect(client.isClosed).toBe(false);
    expect(await client.call(P.CONNECT_GET_TYPE, null, (r) => r.string())).toBe('TEST');
  }, 20_000);

  it('receives lifecycle events caused by another client', async () => {
    const client = await open('test:///default');
    const name = uniqueName('rpc-events');
    const seen: string[] = [];
    client.onMessage(Program.REMOTE, P.DOMAIN_EVENT_CALLBACK_LIFECYCLE, (r) => {
      r.int(); // callbackID
      const dom = readDomain(r);
      const event = r.int();
      const detail = r.int();
      if (dom.name === name) seen.push(`${event}/${detail}`);
    });
    const callbackId = await client.call(P.DOMAIN_EVENT_CALLBACK_REGISTER_ANY, (w) => void w.int(0).uint(0), (r) => r.int());
    const uri = labHost(labInfo(), 'test-default').unixUri;
    const xml = `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;
    const file = `${labInfo().stateDir}/${name}.xml`;
    const { writeFile, rm } = await import('node:fs/promises');
    await writeFile(file, xml);
    try {
      await virshAt(uri, ['define', file]);
      await virshAt(uri, ['start', name]);
      await virshAt(uri, ['destroy', name]);
      await virshAt(uri, ['undefine', name]);
    } finally {
      await rm(file, { force: true });
    }
    const deadline = Date.now() + 5_000;
    while (seen.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['0/0', '2/0', '5/1', '1/0']);
    await client.call(P.DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, (w) => void w.int(callbackId), null);
  });

  it('reads a screenshot of the QEMU guest through a read stream', async () => {
    const client = await open(driverUriOf('qemu'));
    const dom = await client.call(P.DOMAIN_LOOKUP_BY_NAME, (w) => void w.string(labInfo().guest.name), readDomain);
    const { ret: mime, stream } = await client.openReadStream(P.DOMAIN_SCREENSHOT, (w) => { writeDomain(w, dom); w.uint(0).uint(0); }, (r) => r.optional((x) => x.string()));
    const image = await readAll(stream);
    expect(mime).toMatch(/^image\//);
    const magic = image.subarray(0, 4).toString('latin1');
    expect(magic === '\x89PNG' || magic.startsWith('P6')).toBe(true);
    expect(image.length).toBeGreaterThan(1000);
    expect(client.inFlight.streams).toBe(0);
  });

  it('uploads to a fresh volume and downloads the same bytes back', async () => {
    const client = await open(driverUriOf('qemu'));
    const pool = await client.call(P.STORAGE_POOL_LOOKUP_BY_NAME, (w) => void w.string(labInfo().qemu.pool.name), readPool);
    const size = 1_048_576 + 12_345; // several 262 120-byte chunks plus a ragged end
    const name = uniqueName('rpc-vol');
    const xml = `<volume><name>${name}</name><capacity unit='bytes'>${size}</capacity><target><format type='raw'/></target></volume>`;
    const vol = await client.call(P.STORAGE_VOL_CREATE_XML, (w) => { writePool(w, pool); w.string(xml).uint(0); }, readVol);
    try {
      const data = randomBytes(size);
      const range = (w: Parameters<typeof writeVol>[0]): void => { writeVol(w, vol); w.uhyper(0n).uhyper(BigInt(size)).uint(0); };
      const upload = await client.openWriteStream(P.STORAGE_VOL_UPLOAD, range, null);
      await pipeline(Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), upload.stream);
      const download = await client.openReadStream(P.STORAGE_VOL_DOWNLOAD, range, null);
      const back = await readAll(download.stream);
      expect(back.length).toBe(size);
      expect(back.equals(data)).toBe(true);
      expect(client.inFlight.streams).toBe(0);
    } finally {
      await client.call(P.STORAGE_VOL_DELETE, (w) => { writeVol(w, vol); w.uint(0); }, null);
    }
  });

  it('maps a daemon error to LibvirtError and keeps going', async () => {
    const client = await open('test:///default');
    const err = await client.call(P.DOMAIN_LOOKUP_BY_NAME, (w) => void w.string('no-such-domain'), readDomain, { name: 'DOMAIN_LOOKUP_BY_NAME' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'LibvirtError', code: 42, procedureName: 'DOMAIN_LOOKUP_BY_NAME' });
    const unknown = await client.call(9999, null, null).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 39, serverMessage: 'unknown procedure: 9999' });
    expect(await client.call(P.CONNECT_GET_TYPE, null, (r) => r.string())).toBe('TEST');
  });
});
