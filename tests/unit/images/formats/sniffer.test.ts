import { describe, expect, it } from 'vitest';
import { UnsupportedImageError } from '../../../../main/images/errors';
import { ImageSniffer } from '../../../../main/images/formats/sniffer';
import { qcow2Image } from '../qcow2-fixture';

/** Sniff `bytes` fed in chunks of `chunk` bytes. */
function sniff(bytes: Buffer, chunk = 7000) {
  const sniffer = new ImageSniffer();
  for (let offset = 0; offset < bytes.length; offset += chunk) sniffer.push(bytes.subarray(offset, offset + chunk));
  return sniffer.finish();
}

function refusal(bytes: Buffer, chunk?: number): UnsupportedImageError {
  try {
    sniff(bytes, chunk);
  } catch (error) {
    if (error instanceof UnsupportedImageError) return error;
    throw error;
  }
  throw new Error('accepted');
}

function withAt(size: number, offset: number, bytes: string | number[]): Buffer {
  const buffer = Buffer.alloc(size);
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes).copy(buffer, offset);
  return buffer;
}

describe('ImageSniffer', () => {
  it('accepts a raw disk (an MBR, sectors of 512) and reports its size as the virtual size', () => {
    const disk = withAt(1024 * 1024, 510, [0x55, 0xaa]);
    expect(sniff(disk)).toEqual({ format: 'raw', sizeBytes: 1024 * 1024, virtualSizeBytes: 1024 * 1024, qcow2: null });
  });

  it('accepts qcow2 v2 and v3 with their virtual size, whatever the chunking', () => {
    for (const version of [2, 3]) {
      for (const chunk of [3, 100, 65_536, 1 << 20]) {
        const result = sniff(qcow2Image({ version, virtualSize: 12_582_912n, fileSize: 70_000 }), chunk);
        expect(result).toMatchObject({ format: 'qcow2', sizeBytes: 70_000, virtualSizeBytes: 12_582_912, qcow2: { version } });
      }
    }
  });

  it('accepts a qcow2 smaller than the sniffing window', () => {
    expect(sniff(qcow2Image({ fileSize: 2048 }))).toMatchObject({ format: 'qcow2', sizeBytes: 2048 });
  });

  it.each([
    ['empty', Buffer.alloc(0), /it is empty/],
    ['gzip', withAt(4096, 0, [0x1f, 0x8b, 0x08]), /gzip-compressed: decompress it first/],
    ['xz', withAt(4096, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), /xz-compressed/],
    ['zstd', withAt(4096, 0, [0x28, 0xb5, 0x2f, 0xfd]), /zstd-compressed/],
    ['bzip2', withAt(4096, 0, 'BZh9'), /bzip2-compressed/],
    ['zip', withAt(4096, 0, [0x50, 0x4b, 0x03, 0x04]), /zip archive/],
    ['tar', withAt(4096, 257, 'ustar'), /tar archive/],
    ['vmdk', withAt(4096, 0, 'KDMV'), /VMDK/],
    ['vmdk', withAt(4096, 0, '# Disk DescriptorFile\n'), /VMDK descriptor/],
    ['vdi', withAt(4096, 0x40, [0x7f, 0x10, 0xda, 0xbe]), /VDI/],
    ['vhdx', withAt(4096, 0, 'vhdxfile'), /VHDX/],
    ['vhd', withAt(4096, 0, 'conectix'), /VHD/],
    ['vhd', withAt(4096, 4096 - 512, 'conectix'), /fixed-size VHD/],
    ['dmg', withAt(4096, 4096 - 512, 'koly'), /Apple disk image/],
    ['iso9660', withAt(40_960, 0x8001, 'CD001'), /ISO 9660/],
    ['qed', withAt(4096, 0, 'QED\0'), /QED/],
    ['luks', withAt(4096, 0, [0x4c, 0x55, 0x4b, 0x53, 0xba, 0xbe]), /LUKS-encrypted/],
    ['raw-unaligned', Buffer.alloc(1000), /not a multiple of 512 bytes/],
  ])('refuses %s with the reason', (detected, bytes, message) => {
    const error = refusal(bytes);
    expect(error.detected).toBe(detected);
    expect(error.message).toMatch(message);
  });

  it('refuses a "BZh" raw disk only when a block-size digit follows', () => {
    expect(sniff(withAt(4096, 0, 'BZhx')).format).toBe('raw');
  });

  it('refuses an ISO once the head is complete, before the rest of the file', () => {
    const sniffer = new ImageSniffer();
    const iso = withAt(64 * 1024, 0x8001, 'CD001');
    expect(() => sniffer.push(iso)).toThrow(/ISO 9660/);
    expect(sniffer.bytes).toBe(64 * 1024);
  });

  it.each([
    ['qcow2-backing-file', { backingFile: '/var/lib/images/base.qcow2' }, /names a backing file \("\/var\/lib\/images\/base.qcow2"\)/],
    ['qcow2-backing-file', { version: 2, backingFile: 'base.img' }, /backing file/],
    ['qcow2-encrypted', { cryptMethod: 1 }, /encrypted \(AES\)/],
    ['qcow2-encrypted', { cryptMethod: 2 }, /encrypted \(LUKS\)/],
    ['qcow2-external-data-file', { incompatible: 1n << 2n, dataFile: '/srv/data.raw' }, /external data file \("\/srv\/data.raw"\)/],
    ['qcow2-corrupt', { incompatible: 1n << 1n }, /marked corrupt/],
    ['qcow2-dirty', { incompatible: 1n }, /marked dirty/],
    ['qcow2-features', { incompatible: 1n << 9n }, /features this app does not know \(bits 0x200\)/],
    ['qcow1', { version: 1 }, /qcow version 1/],
    ['qcow2-version', { version: 4 }, /unknown qcow version 4/],
    ['qcow2-invalid', { virtualSize: 0n }, /virtual size is 0/],
    ['qcow2-invalid', { clusterBits: 30 }, /cluster_bits 30/],
  ])('refuses a qcow2 image: %s', (detected, fixture, message) => {
    const error = refusal(qcow2Image(fixture));
    expect(error.detected).toBe(detected);
    expect(error.message).toMatch(message);
  });

  it('shows control characters in a backing file name escaped, and cuts long names', () => {
    const error = refusal(qcow2Image({ backingFile: `/x\x1b]0;owned\x07${'a'.repeat(300)}` }));
    expect(error.message).not.toContain('\x1b');
    expect(error.message).toMatch(/…/);
  });

  it('refuses a truncated qcow2 header', () => {
    expect(refusal(qcow2Image().subarray(0, 40)).detected).toBe('qcow2-truncated');
  });
});
