import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIsoImage, IsoImageError, type IsoFile } from '../../../../main/cloud-init/iso9660/writer';
import { both32, fromUcs2, jolietFiles, readDescriptors, readDirectory, readPathTable, rockRidgeFiles, suspEntries } from './iso-reader';

const SECTOR = 2048;
const when = new Date(Date.UTC(2026, 11, 7, 18, 30, 15, 250));
const seedFiles: IsoFile[] = [
  { name: 'user-data', data: Buffer.from('#cloud-config\n{}\n') },
  { name: 'meta-data', data: Buffer.from('instance-id: "i-1"\nlocal-hostname: "vm1"\n') },
  { name: 'network-config', data: Buffer.from('version: 2\n') },
];
const image = buildIsoImage({ volumeId: 'cidata', files: seedFiles, modifiedAt: when });

describe('ISO 9660 volume descriptors', () => {
  const descriptors = readDescriptors(image);
  const [primary, joliet, terminator] = descriptors;

  it('has a primary, a Joliet supplementary and a terminator descriptor at sectors 16–18', () => {
    expect(descriptors.map((d) => [d.sector, d.type, d.standardId, d.version])).toEqual([
      [16, 1, 'CD001', 1],
      [17, 2, 'CD001', 1],
      [18, 255, 'CD001', 1],
    ]);
    expect(terminator?.type).toBe(255);
    expect(image.subarray(0, 16 * SECTOR).every((byte) => byte === 0)).toBe(true);
  });

  it('labels the volume cidata in ASCII and in UCS-2, with the UCS-2 level 3 escape on the Joliet one', () => {
    expect(primary?.volumeId.toString('ascii')).toBe('cidata'.padEnd(32, ' '));
    expect(fromUcs2(joliet?.volumeId ?? Buffer.alloc(0))).toBe('cidata'.padEnd(16, ' '));
    expect(joliet?.escape.subarray(0, 3).toString('ascii')).toBe('%/E');
    expect(primary?.escape.every((byte) => byte === 0)).toBe(true);
  });

  it('gives the volume size in sectors, 2048-byte blocks, one volume, file structure version 1', () => {
    for (const d of [primary, joliet]) {
      expect(d?.volumeSpaceSize).toBe(image.length / SECTOR);
      expect(d?.blockSize).toBe(SECTOR);
      expect([d?.volumeSetSize, d?.sequenceNumber, d?.fileStructureVersion]).toEqual([1, 1, 1]);
    }
    expect(image.length % SECTOR).toBe(0);
    expect(primary?.created).toBe('2026120718301525');
    expect(primary?.applicationId.toString('ascii').trim()).toBe('VIRT DECK');
  });

  it('points both path tables of each tree at that tree\'s root directory', () => {
    for (const d of [primary, joliet]) {
      if (d === undefined) throw new Error('descriptor missing');
      expect(d.pathTableSize).toBe(10);
      for (const [sector, order] of [[d.lTable, 'little'], [d.mTable, 'big']] as const) {
        expect(readPathTable(image, sector, d.pathTableSize, order)).toEqual([{ identifier: Buffer.from([0]), extent: d.root.extent, parent: 1 }]);
      }
    }
    expect(primary?.root.extent).not.toBe(joliet?.root.extent);
  });
});

describe('ISO 9660 directory records', () => {
  const [primary, joliet] = readDescriptors(image);
  if (primary === undefined || joliet === undefined) throw new Error('descriptors missing');
  const records = readDirectory(image, primary.root);

  it('starts the root with "." and ".." pointing at itself, flagged as directories', () => {
    expect(records.slice(0, 2).map((r) => [r.identifier[0], r.extent, r.dataLength, r.flags])).toEqual([
      [0, primary.root.extent, primary.root.dataLength, 2],
      [1, primary.root.extent, primary.root.dataLength, 2],
    ]);
    expect(primary.root.length).toBe(34);
  });

  it('lists files under sorted level 1 names, with even record lengths and the UTC recording date', () => {
    const files = records.slice(2);
    expect(files.map((r) => r.identifier.toString('ascii'))).toEqual(['META_DAT.;1', 'NETWORK_.;1', 'USER_DAT.;1']);
    for (const record of records) {
      expect(record.length % 2).toBe(0);
      expect(record.date).toEqual([126, 12, 7, 18, 30, 15, 0]);
    }
    expect(files.every((r) => r.flags === 0)).toBe(true);
  });

  it('stores each file at a sector boundary with its exact length', () => {
    const byName = rockRidgeFiles(image);
    for (const file of seedFiles) expect(byName.get(file.name)).toEqual(file.data);
    const extents = records.slice(2).map((r) => r.extent);
    expect(new Set(extents).size).toBe(3);
    expect(Math.max(...extents)).toBeLessThan(primary.volumeSpaceSize);
  });

  it('names the files in UCS-2 without version numbers in the Joliet tree', () => {
    const names = readDirectory(image, joliet.root).slice(2).map((r) => fromUcs2(r.identifier));
    expect(names).toEqual(['meta-data', 'network-config', 'user-data']);
    expect(jolietFiles(image)).toEqual(rockRidgeFiles(image));
  });
});

describe('Rock Ridge entries', () => {
  const [primary] = readDescriptors(image);
  if (primary === undefined) throw new Error('descriptor missing');
  const records = readDirectory(image, primary.root);
  const entries = records.map((record) => suspEntries(record.systemUse));

  it('opens the root "." record with SP (magic BE EF, skip 0) and continues to an ER naming RRIP_1991A', () => {
    const self = entries[0] ?? [];
    expect(self[0]).toEqual({ signature: 'SP', version: 1, body: Buffer.from([0xbe, 0xef, 0]) });
    const ce = self.find((entry) => entry.signature === 'CE');
    if (ce === undefined) throw new Error('no CE entry');
    const [block, offset, length] = [both32(ce.body, 0), both32(ce.body, 8), both32(ce.body, 16)];
    const area = suspEntries(image.subarray(block * SECTOR + offset, block * SECTOR + offset + length));
    expect(area.map((entry) => entry.signature)).toEqual(['ER']);
    const er = area[0]?.body ?? Buffer.alloc(0);
    const [idLength = 0, descriptorLength = 0, sourceLength = 0, version] = er;
    expect(version).toBe(1);
    expect(er.subarray(4, 4 + idLength).toString('ascii')).toBe('RRIP_1991A');
    expect(er.length).toBe(4 + idLength + descriptorLength + sourceLength);
  });

  it('gives every record POSIX modes (dr-xr-xr-x, -r--r--r--) and times, and each file its real name', () => {
    const px = (list: readonly { signature: string; body: Buffer }[]): [number, number] => {
      const entry = list.find((e) => e.signature === 'PX');
      if (entry === undefined) throw new Error('no PX entry');
      expect(entry.body.length).toBe(32);
      return [both32(entry.body, 0), both32(entry.body, 8)];
    };
    expect(px(entries[0] ?? [])).toEqual([0o040555, 2]);
    expect(px(entries[1] ?? [])).toEqual([0o040555, 2]);
    for (const list of entries.slice(2)) {
      expect(px(list)).toEqual([0o100444, 1]);
      const rr = list.find((e) => e.signature === 'RR');
      expect(rr?.body[0]).toBe(0x01 | 0x08 | 0x80);
      expect(list.find((e) => e.signature === 'TF')?.body[0]).toBe(0x0e);
    }
    expect(entries.slice(2).map((list) => list.find((e) => e.signature === 'NM')?.body.subarray(1).toString('ascii'))).toEqual([
      'meta-data',
      'network-config',
      'user-data',
    ]);
  });
});

describe('buildIsoImage', () => {
  it('is byte-identical for the same input and time', () => {
    expect(buildIsoImage({ volumeId: 'cidata', files: seedFiles, modifiedAt: when }).equals(image)).toBe(true);
  });

  it('spreads a long directory over several sectors without splitting a record', () => {
    const files = Array.from({ length: 60 }, (_, index) => ({ name: `file-number-${String(index).padStart(3, '0')}.txt`, data: Buffer.from(`#${index}\n`) }));
    const big = buildIsoImage({ volumeId: 'MANY', files, modifiedAt: when });
    const [primary] = readDescriptors(big);
    if (primary === undefined) throw new Error('descriptor missing');
    expect(primary.root.dataLength).toBeGreaterThan(SECTOR);
    expect(readDirectory(big, primary.root)).toHaveLength(62);
    const read = rockRidgeFiles(big);
    for (const file of files) expect(read.get(file.name)).toEqual(file.data);
  });

  it('keeps level 1 names unique when 8.3 truncation makes them clash', () => {
    const files = ['user-data-a', 'user-data-b', 'user-data-c'].map((name) => ({ name, data: Buffer.from(name) }));
    const clash = buildIsoImage({ volumeId: 'cidata', files, modifiedAt: when });
    const [primary] = readDescriptors(clash);
    if (primary === undefined) throw new Error('descriptor missing');
    expect(readDirectory(clash, primary.root).slice(2).map((r) => r.identifier.toString('ascii'))).toEqual(['USER_DA1.;1', 'USER_DA2.;1', 'USER_DAT.;1']);
    expect([...rockRidgeFiles(clash).keys()].sort()).toEqual(['user-data-a', 'user-data-b', 'user-data-c']);
  });

  it('writes empty files and an empty volume', () => {
    const empty = buildIsoImage({ volumeId: 'cidata', files: [{ name: 'meta-data', data: Buffer.alloc(0) }], modifiedAt: when });
    expect(rockRidgeFiles(empty).get('meta-data')).toEqual(Buffer.alloc(0));
    const none = buildIsoImage({ volumeId: 'cidata', files: [], modifiedAt: when });
    expect(rockRidgeFiles(none).size).toBe(0);
  });

  it('refuses bad volume ids and file names, naming them', () => {
    const build = (volumeId: string, names: string[]): Buffer => buildIsoImage({ volumeId, files: names.map((name) => ({ name, data: Buffer.alloc(1) })) });
    expect(() => build('', [])).toThrow(IsoImageError);
    expect(() => build('way-too-long-volume-id', [])).toThrow(/Volume id "way-too-long-volume-id"/);
    expect(() => build('cidata', ['a/b'])).toThrow(/File name "a\/b"/);
    expect(() => build('cidata', ['..'])).toThrow(/File name "\.\."/);
    expect(() => build('cidata', ['x'.repeat(65)])).toThrow(IsoImageError);
    expect(() => build('cidata', ['ünïcode'])).toThrow(IsoImageError);
    expect(() => build('cidata', ['same', 'same'])).toThrow(/appears twice/);
  });

  it('refuses files that would not fit the in-memory limit', () => {
    const huge = { name: 'huge', data: Buffer.allocUnsafe(64 * 1024 * 1024 + 1) };
    expect(() => buildIsoImage({ volumeId: 'cidata', files: [huge] })).toThrow(/Files total 67110912 bytes; an image holds at most 67108864/);
  });

  it('reads back any set of files through both trees', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/).filter((n) => n !== '.' && n !== '..');
    const files = fc.uniqueArray(fc.record({ name, data: fc.uint8Array({ maxLength: 5000 }).map((bytes) => Buffer.from(bytes)) }), { selector: (file) => file.name, maxLength: 12 });
    fc.assert(
      fc.property(files, (list) => {
        const built = buildIsoImage({ volumeId: 'cidata', files: list, modifiedAt: when });
        const expected = new Map(list.map((file) => [file.name, file.data]));
        expect(rockRidgeFiles(built)).toEqual(expected);
        expect(jolietFiles(built)).toEqual(expected);
        expect(readDescriptors(built)[0]?.volumeSpaceSize).toBe(built.length / SECTOR);
      }),
      { numRuns: 60 },
    );
  });
});
