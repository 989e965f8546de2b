import { describe, expect, it } from 'vitest';
import { connectGetLibVersion, connectGetDomainCapabilities, connectSupportsFeature, nodeGetInfo, splitVersion } from '../../../main/libvirt/connect';
import {
  connectListAllDomains,
  domainGetInfo,
  domainInterfaceAddresses,
  domainLookupByUuid,
  domainSendKey,
  ListDomainsFlags,
} from '../../../main/libvirt/domain';
import { domainMigratePeerToPeer, MigrateFlags } from '../../../main/libvirt/domain-migrate';
import { connectGetAllDomainStats, StatsFlags, StatsGroup, summarizeDomainStats } from '../../../main/libvirt/domain-stats';
import { networkGetDhcpLeases } from '../../../main/libvirt/network';
import { Proc } from '../../../main/libvirt/generated/remote-protocol.gen';
import { encodeDomain, type DomainRef } from '../../../main/libvirt/records';
import { storagePoolGetInfo, storageVolGetInfo } from '../../../main/libvirt/storage';
import { encodeTypedParams, typedParam } from '../../../main/libvirt/typed-params';
import { hex, RecordingChannel, xdr } from './recording-channel';

const dom: DomainRef = { name: 'vm', uuid: '00112233-4455-6677-8899-aabbccddeeff', id: 3 };
const DOM_HEX = '00000002' + '766d0000' + '00112233445566778899aabbccddeeff' + '00000003';

/** A channel answering every call with the same payload. */
const replying = (payload: Uint8Array) => new RecordingChannel(() => payload);

describe('connection facts', () => {
  it('decodes NODE_GET_INFO with its 32-word (128-byte) model field', async () => {
    // model "x86_64": one character in the low byte of each of 32 words, NUL-padded.
    const model = [...'x86_64'].map((c) => c.charCodeAt(0).toString(16).padStart(8, '0')).join('') + '00000000'.repeat(26);
    const fixture = Buffer.from(
      model +
        '0000000000800000' + // memory 8388608 KiB
        '00000004' + // cpus
        '00000960' + // mhz 2400
        '00000001' + // nodes
        '00000001' + // sockets
        '00000002' + // cores
        '00000002', // threads
      'hex',
    );
    expect(fixture.length).toBe(128 + 8 + 6 * 4);
    const ch = replying(fixture);
    expect(await nodeGetInfo(ch)).toEqual({ model: 'x86_64', memory: 8_388_608n, cpus: 4, mhz: 2400, nodes: 1, sockets: 1, cores: 2, threads: 2 });
    expect(ch.calls[0]).toMatchObject({ proc: Proc.NODE_GET_INFO, args: new Uint8Array(0) });
  });

  it('fails a reply longer than its declared type instead of ignoring the rest', async () => {
    await expect(connectGetLibVersion(replying(xdr((w) => w.uhyper(9_000_000n).int(0))))).rejects.toThrow(/4 unexpected trailing bytes after the reply to CONNECT_GET_LIB_VERSION/);
  });

  it('splits packed version numbers', async () => {
    expect(splitVersion(9_000_000n)).toMatchObject({ major: 9, minor: 0, micro: 0, text: '9.0.0' });
    expect(splitVersion(11_007_002n).text).toBe('11.7.2');
    expect((await connectGetLibVersion(replying(xdr((w) => w.uhyper(9_000_000n))))).text).toBe('9.0.0');
  });

  it('encodes domain capabilities with absent optional strings as 0 markers', async () => {
    const ch = replying(xdr((w) => w.string('<domainCapabilities/>')));
    await connectGetDomainCapabilities(ch, { arch: 'x86_64', virtType: 'qemu' });
    expect(hex(ch.calls[0]!.args)).toBe('00000000' + '00000001' + '00000006' + '7838365f36340000' + '00000000' + '00000001' + '00000004' + '71656d75' + '00000000');
  });

  it('refuses to probe the keepalive feature, whose side effect belongs to the RPC client', async () => {
    await expect(connectSupportsFeature(new RecordingChannel(), 10)).rejects.toThrow(/keepalive/);
  });
});

describe('domains', () => {
  it('decodes DOMAIN_GET_INFO with 4-byte uchar state and ushort vcpus, bigint cpu time', async () => {
    const ch = replying(Buffer.from('00000001' + '0000000000080000' + '0000000000040000' + '00000002' + '18ea2a5a6c2a7d60', 'hex'));
    expect(await domainGetInfo(ch, dom)).toEqual({ state: 1, maxMem: 524_288n, memory: 262_144n, nrVirtCpu: 2, cpuTime: 0x18ea2a5a6c2a7d60n });
    expect(hex(ch.calls[0]!.args)).toBe(DOM_HEX);
  });

  it('lists all domains with need_results = 1 and the filter flags', async () => {
    const ch = replying(xdr((w) => w.array([dom, { ...dom, name: 'b', id: -1 }], encodeDomain).uint(2)));
    const doms = await connectListAllDomains(ch, { flags: ListDomainsFlags.ACTIVE | ListDomainsFlags.PERSISTENT });
    expect(doms.map((d) => d.name)).toEqual(['vm', 'b']);
    expect(hex(ch.calls[0]!.args)).toBe('00000001' + '00000005');
  });

  it('looks up by UUID with 16 raw bytes and no length word', async () => {
    const ch = replying(xdr((w) => encodeDomain(w, dom)));
    expect(await domainLookupByUuid(ch, dom.uuid.toUpperCase())).toEqual(dom);
    expect(hex(ch.calls[0]!.args)).toBe('00112233445566778899aabbccddeeff');
  });

  it('encodes send-key and refuses more than 16 key codes', async () => {
    const ch = new RecordingChannel();
    await domainSendKey(ch, dom, { keycodes: [29, 56, 111], holdtimeMs: 50 });
    expect(hex(ch.calls[0]!.args)).toBe(DOM_HEX + '00000000' + '00000032' + '00000003' + '0000001d' + '00000038' + '0000006f' + '00000000');
    await expect(domainSendKey(ch, dom, { keycodes: Array.from({ length: 17 }, () => 1) })).rejects.toThrow(/1 to 16 key codes, got 17/);
    await expect(domainSendKey(ch, dom, { keycodes: [] })).rejects.toThrow(/got 0/);
  });

  it('decodes interface addresses with optional hwaddr', async () => {
    const reply = xdr((w) => {
      w.uint(1);
      w.string('vnet0');
      w.uint(1).string('52:54:00:aa:bb:cc');
      w.uint(1);
      w.int(0).string('192.168.122.10').uint(24);
    });
    expect(await domainInterfaceAddresses(replying(reply), dom)).toEqual([
      { name: 'vnet0', hwaddr: '52:54:00:aa:bb:cc', addrs: [{ type: 0, addr: '192.168.122.10', prefix: 24 }] },
    ]);
  });
});

describe('bulk stats', () => {
  it('sends ENFORCE_STATS (2^31) | NOWAIT as one unsigned word', async () => {
    const ch = replying(xdr((w) => w.uint(0)));
    await connectGetAllDomainStats(ch, { stats: StatsGroup.STATE | StatsGroup.CPU_TOTAL, flags: StatsFlags.ENFORCE_STATS | StatsFlags.NOWAIT });
    expect(hex(ch.calls[0]!.args)).toBe('00000000' + '00000003' + 'a0000000');
  });

  it('turns each record into the domain plus a field → value map', async () => {
    const reply = xdr((w) => {
      w.uint(1);
      encodeDomain(w, dom);
      encodeTypedParams(w, [
        typedParam.int('state.state', 1),
        typedParam.int('state.reason', 1),
        typedParam.ullong('cpu.time', 1_795_318_714_328_636_000n),
        typedParam.ullong('balloon.current', 65_536n),
        typedParam.uint('vcpu.current', 1),
      ]);
    });
    const [record] = await connectGetAllDomainStats(replying(reply), { doms: [dom] });
    expect(record?.dom).toEqual(dom);
    expect(summarizeDomainStats(record!.params)).toMatchObject({ state: 1, reason: 1, cpuTimeNs: 1_795_318_714_328_636_000n, balloonCurrentKiB: 65_536n, vcpuCurrent: 1 });
  });
});

describe('migration', () => {
  it('encodes a peer-to-peer PERFORM3_PARAMS call', async () => {
    const ch = replying(xdr((w) => w.opaque(new Uint8Array(0))));
    await domainMigratePeerToPeer(ch, dom, { destinationUri: 'qemu+ssh://dst/system', bandwidthMiBs: 100 });
    const call = ch.calls[0]!;
    expect(call.proc).toBe(Proc.DOMAIN_MIGRATE_PERFORM3_PARAMS);
    const expected = xdr((w) => {
      encodeDomain(w, dom);
      w.uint(1).string('qemu+ssh://dst/system');
      encodeTypedParams(w, [typedParam.ullong('bandwidth', 100n)]);
      w.opaque(new Uint8Array(0));
      w.uint(MigrateFlags.PEER2PEER | MigrateFlags.LIVE | MigrateFlags.PERSIST_DEST);
    });
    expect(hex(call.args)).toBe(hex(expected));
  });
});

describe('storage and networks', () => {
  it('decodes pool and volume info with their 4-byte char fields', async () => {
    const pool = { name: 'p', uuid: dom.uuid };
    expect(await storagePoolGetInfo(replying(xdr((w) => w.int(2).uhyper(10n).uhyper(4n).uhyper(6n))), pool)).toEqual({
      state: 2,
      capacity: 10n,
      allocation: 4n,
      available: 6n,
    });
    const vol = { pool: 'p', name: 'v', key: '/k' };
    expect(await storageVolGetInfo(replying(xdr((w) => w.int(0).uhyper(1n << 40n).uhyper(196_608n))), vol)).toEqual({
      type: 0,
      capacity: 1n << 40n,
      allocation: 196_608n,
    });
  });

  it('decodes DHCP leases with their optional fields', async () => {
    const reply = xdr((w) => {
      w.uint(1);
      w.string('virbr1').hyper(1_700_000_000n).int(0);
      w.uint(1).string('52:54:00:00:00:01');
      w.uint(0);
      w.string('192.168.100.10').uint(24);
      w.uint(1).string('guest');
      w.uint(0);
      w.uint(1);
    });
    const leases = await networkGetDhcpLeases(replying(reply), { name: 'n', uuid: dom.uuid }, { mac: '52:54:00:00:00:01' });
    expect(leases).toEqual([
      { iface: 'virbr1', expirytime: 1_700_000_000n, type: 0, mac: '52:54:00:00:00:01', iaid: null, ipaddr: '192.168.100.10', prefix: 24, hostname: 'guest', clientid: null },
    ]);
  });
});

describe('flags words', () => {
  it('sends combined high bits as one unsigned word, and fails the call (not the caller) on a bad word', async () => {
    const ch = replying(xdr((w) => w.uint(0).uint(0)));
    await connectListAllDomains(ch, { flags: StatsFlags.ENFORCE_STATS | StatsFlags.NOWAIT });
    expect(hex(ch.calls[0]!.args)).toBe('00000001' + 'a0000000');
    const bad = connectListAllDomains(new RecordingChannel(), { flags: 1.5 });
    await expect(bad).rejects.toThrow(/uint out of range: 1.5/);
  });
});
