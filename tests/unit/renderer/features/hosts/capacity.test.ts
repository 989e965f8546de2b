import { describe, expect, it } from 'vitest';
import type { Host } from '../../../../../common/contract/schemas';
import { formatAmount, formatRatio, hostCapacity } from '../../../../../renderer/features/hosts/capacity';

const host = (facts: Host['facts'], allocation: Partial<Host['allocation']> = {}): Host => ({
  id: 'h',
  name: 'h',
  uri: 'qemu:///system',
  availabilityZone: null,
  tags: [],
  enabled: true,
  disabledReason: null,
  status: 'up',
  statusReason: null,
  lastSeenAt: null,
  nextRetryAt: null,
  facts,
  usage: { instances: 2, vcpus: 6, ramMiB: 3072, diskGiB: 40 },
  allocation: { cpuRatio: 4, ramRatio: 1, diskRatio: 1, reservedVcpus: 0, reservedRamMiB: 512, reservedDiskGiB: 0, ...allocation },
});

describe('placement capacity of a host', () => {
  it('is (total − reserved) × ratio per resource, next to what the instances are allocated', () => {
    const [vcpu, ram, disk] = hostCapacity(host({ cpus: 8, memoryMiB: 16_384, diskGiB: 100 }, { reservedDiskGiB: 10, diskRatio: 1.5 }));
    expect(vcpu).toMatchObject({ used: 6, total: 8, reserved: 0, ratio: 4, capacity: 32 });
    expect(ram).toMatchObject({ used: 3072, total: 16_384, reserved: 512, ratio: 1, capacity: 15_872 });
    expect(disk).toMatchObject({ used: 40, total: 100, reserved: 10, ratio: 1.5, capacity: 135 });
  });

  it('has no capacity until the host reported its totals, and never a negative one', () => {
    const [vcpu, ram] = hostCapacity(host({ memoryMiB: 256 }));
    expect(vcpu?.capacity).toBeUndefined();
    expect(ram?.capacity).toBe(0);
  });

  it('formats ratios and amounts as operators read them', () => {
    expect([formatRatio(4), formatRatio(1.5), formatRatio(1 / 3)]).toEqual(['4.0', '1.5', '0.33']);
    expect([formatAmount(15_872, 'MiB'), formatAmount(512, 'MiB'), formatAmount(135, 'GiB'), formatAmount(32, 'count')]).toEqual(['15.5 GiB', '512 MiB', '135 GiB', '32']);
  });
});
