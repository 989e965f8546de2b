import { inflateSync } from 'node:zlib';

/**
 * Share of non-zero bytes in a `virsh screenshot` image (PNG or binary PPM, whichever QEMU wrote):
 * 0 for an all-black screen. For PNG the decompressed scanlines are counted without undoing the
 * filters, which is enough: every PNG filter maps an all-zero image to all-zero bytes.
 */
export function litFraction(image: Buffer): number {
  const pixels = image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? pngScanlines(image) : ppmPixels(image);
  let lit = 0;
  for (const byte of pixels) if (byte !== 0) lit += 1;
  return pixels.length === 0 ? 0 : lit / pixels.length;
}

function pngScanlines(png: Buffer): Buffer {
  const data: Buffer[] = [];
  for (let offset = 8; offset + 8 <= png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') data.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return inflateSync(Buffer.concat(data));
}

function ppmPixels(ppm: Buffer): Buffer {
  // "P6 <width> <height> <maxval>" then one whitespace byte, then the pixels.
  const header = /^P6\s+\d+\s+\d+\s+\d+\s/.exec(ppm.toString('latin1', 0, 64));
  if (header === null) throw new Error('Screenshot is neither PNG nor binary PPM');
  return ppm.subarray(header[0].length);
}
