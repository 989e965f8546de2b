import { describe, expect, it } from 'vitest';
import { rootDiskBytes } from '../../../../main/compute/build/block-devices';

describe('block devices step', () => {
  it("sizes the root overlay to the flavor's disk, never below the image's, and to the image's for a zero-disk flavor", () => {
    expect(rootDiskBytes(1, 12n << 20n)).toBe(1n << 30n);
    expect(rootDiskBytes(1, 5n << 30n)).toBe(5n << 30n);
    expect(rootDiskBytes(0, 12n << 20n)).toBe(12n << 20n);
  });
});
