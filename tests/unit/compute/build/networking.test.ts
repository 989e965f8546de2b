import { describe, expect, it } from 'vitest';
import { randomMac } from '../../../../main/compute/build/networking';
import { checkMac } from '../../../../main/xml';

describe('networking step', () => {
  it("picks MACs in QEMU's locally administered range, as libvirt does", () => {
    expect(randomMac(Uint8Array.from([0x0a, 0xbc, 0xff]))).toBe('52:54:00:0a:bc:ff');
    for (let i = 0; i < 50; i++) expect(checkMac(randomMac())).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
  });
});
