import { describe, expect, it } from 'vitest';
import { flavor, host, request, runFilter } from '../fixtures';

const noReserve = { reservedHostMemoryMiB: 0 };

describe('CapacityFilter (Placement semantics)', () => {
  it('passes at the exact boundary: used + requested == (total − reserved) × ratio', () => {
    // RAM: (16384 − 512) × 1.0 = 15872; 13824 used + 2048 requested = 15872.
    const h = host('a', { ramUsedMiB: 13824 });
    expect(runFilter('CapacityFilter', request(), [h])).toEqual([null]);
    expect(runFilter('CapacityFilter', request(), [host('b', { ramUsedMiB: 13825 })])[0]).toBe(
      'MEMORY_MB: requested 2048, only 2047 free: 13825 used of capacity 15872 = (16384 total − 512 reserved) × 1.0',
    );
  });

  it('applies the CPU allocation ratio (default 4.0) and per-host ratios', () => {
    // 8 pCPUs × 4.0 = 32 vCPUs.
    expect(runFilter('CapacityFilter', request(), [host('a', { vcpusUsed: 30 })])).toEqual([null]);
    expect(runFilter('CapacityFilter', request(), [host('a', { vcpusUsed: 31 })])[0]).toMatch(/^VCPU: requested 2, only 1 free/);
    // A per-host ratio below 1 shrinks capacity: 8 × 0.5 = 4.
    expect(runFilter('CapacityFilter', request(), [host('a', { cpuAllocationRatio: 0.5, vcpusUsed: 2 })])).toEqual([null]);
    expect(runFilter('CapacityFilter', request(), [host('a', { cpuAllocationRatio: 0.5, vcpusUsed: 3 })])[0]).toBe(
      'VCPU: requested 2, only 1 free: 3 used of capacity 4 = (8 total − 0 reserved) × 0.5',
    );
  });

  it('rejects a host already over-committed (used above capacity)', () => {
    const h = host('a', { vcpusUsed: 40 });
    expect(runFilter('CapacityFilter', request(), [h])[0]).toBe(
      'VCPU: requested 2, but already over-committed: 40 used of capacity 32 = (8 total − 0 reserved) × 4.0',
    );
  });

  it('rejects a host with zero capacity, and one whose reservation exceeds its total', () => {
    const zero = host('zero', { ramTotalMiB: 0 });
    const overReserved = host('over', { ramTotalMiB: 256 });
    const [a, b] = runFilter('CapacityFilter', request(), [zero, overReserved]);
    expect(a).toMatch(/^MEMORY_MB: requested 2048 is more than the host's total 0 \(Placement max_unit\)/);
    expect(runFilter('CapacityFilter', request({ flavor: flavor({ ramMiB: 128 }) }), [overReserved])[0]).toBe(
      'MEMORY_MB: no capacity, (256 total − 512 reserved) × 1.0 = -256',
    );
    expect(b).toMatch(/^MEMORY_MB: requested 2048 is more than the host's total 256/);
  });

  it('enforces max_unit: one instance may not exceed the host total even with CPU over-commit', () => {
    const big = request({ flavor: flavor({ vcpus: 16 }) });
    expect(runFilter('CapacityFilter', big, [host('a')])[0]).toBe(
      "VCPU: requested 16 is more than the host's total 8 (Placement max_unit)",
    );
  });

  it('lists every resource that does not fit', () => {
    const h = host('a', { vcpusUsed: 32, ramUsedMiB: 16000, diskUsedGiB: 90 });
    const reason = runFilter('CapacityFilter', request(), [h], noReserve)[0]!;
    expect(reason.split('; ').map((r) => r.split(':')[0])).toEqual(['VCPU', 'MEMORY_MB', 'DISK_GB']);
  });

  it('counts root + ephemeral + swap (rounded up to GiB) as disk, and no root disk when booting from volume', () => {
    const f = flavor({ diskGiB: 10, ephemeralGiB: 5, swapMiB: 1025 });
    const h = host('a', { diskUsedGiB: 100 - 17 });
    expect(runFilter('CapacityFilter', request({ flavor: f }), [h])).toEqual([null]);
    expect(runFilter('CapacityFilter', request({ flavor: f }), [host('a', { diskUsedGiB: 84 })])[0]).toMatch(/^DISK_GB: requested 17/);
    expect(runFilter('CapacityFilter', request({ flavor: f, bootFromVolume: true }), [host('a', { diskUsedGiB: 90 })])).toEqual([null]);
  });

  it('does not check a resource requested at 0 (a full disk does not block a diskless boot-from-volume flavor)', () => {
    const f = flavor({ diskGiB: 10 });
    expect(runFilter('CapacityFilter', request({ flavor: f, bootFromVolume: true }), [host('a', { diskUsedGiB: 500 })])).toEqual([null]);
  });

  it('uses the config reservation unless the host has its own', () => {
    const h = host('a', { ramUsedMiB: 13312 });
    expect(runFilter('CapacityFilter', request(), [h])).toEqual([null]);
    expect(runFilter('CapacityFilter', request(), [h], { reservedHostMemoryMiB: 2048 })[0]).toMatch(/^MEMORY_MB: .* 2048 reserved/);
    expect(runFilter('CapacityFilter', request(), [{ ...h, reservedRamMiB: 0 }], { reservedHostMemoryMiB: 4096 })).toEqual([null]);
  });
});
