import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baseVolumeName, isBaseVolumeName } from '../../../../main/images/base-volume/names';

describe('baseVolumeName', () => {
  it("is Nova's _base/<sha1(image id)> as one volume name", () => {
    const id = '0eb048bb-406c-4fbb-aefc-99be83bbc5ce';
    expect(baseVolumeName(id)).toBe(`_base_${createHash('sha1').update(id).digest('hex')}`);
    expect(isBaseVolumeName(baseVolumeName(id))).toBe(true);
    expect(isBaseVolumeName('_base_xyz')).toBe(false);
    expect(isBaseVolumeName(`${baseVolumeName(id)}.qcow2`)).toBe(false);
  });
});
