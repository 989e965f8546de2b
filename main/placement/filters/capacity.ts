import type { HostFilter, SchedulingContext } from '../filter';
import { formatAmount, formatRatio } from '../format';
import { hostInventory, OVER_MAX_UNIT } from '../host-table';

/** Why one resource does not fit, or null when it does (or is not requested). */
function describe(
  resource: 'VCPU' | 'MEMORY_MB' | 'DISK_GB',
  requested: number,
  used: number,
  capacity: number,
  total: number,
  reserved: number,
  ratio: number,
): string | null {
  if (requested <= 0) return null;
  if (requested > total) {
    return `${resource}: requested ${formatAmount(requested)} is more than the host's total ${formatAmount(total)} (Placement max_unit)`;
  }
  if (used + requested <= capacity) return null;
  const formula = `(${formatAmount(total)} total − ${formatAmount(reserved)} reserved) × ${formatRatio(ratio)}`;
  if (capacity <= 0) return `${resource}: no capacity, ${formula} = ${formatAmount(capacity)}`;
  if (used > capacity) {
    return `${resource}: requested ${formatAmount(requested)}, but already over-committed: ${formatAmount(used)} used of capacity ${formatAmount(capacity)} = ${formula}`;
  }
  return `${resource}: requested ${formatAmount(requested)}, only ${formatAmount(capacity - used)} free: ${formatAmount(used)} used of capacity ${formatAmount(capacity)} = ${formula}`;
}

/** Every resource of host `i` that does not fit, joined. */
function reasonFor(ctx: SchedulingContext, i: number): string {
  const { table, usage, request, hosts, config } = ctx;
  const h = hosts[i]!;
  const { reserved, ratio } = hostInventory(h, config);
  const parts = [
    describe('VCPU', request.vcpus, usage.vcpuUsed[i]!, table.vcpuCapacity[i]!, h.vcpusTotal, reserved.vcpu, ratio.vcpu),
    describe('MEMORY_MB', request.ramMiB, usage.ramUsed[i]!, table.ramCapacity[i]!, h.ramTotalMiB, reserved.ram, ratio.ram),
    describe('DISK_GB', request.diskGiB, usage.diskUsed[i]!, table.diskCapacity[i]!, h.diskTotalGiB, reserved.disk, ratio.disk),
  ];
  return parts.filter((p) => p !== null).join('; ');
}

/**
 * CapacityFilter: Placement's allocation-candidate check, which replaced Nova's RamFilter, CoreFilter and
 * DiskFilter. A host fits when, for every requested resource, `used + requested ≤ (total − reserved) × ratio`
 * and `requested ≤ total` (max_unit). Resources requested at 0 are not checked (Placement drops them).
 * The reason lists every resource that does not fit.
 */
export const capacityFilter: HostFilter = {
  name: 'CapacityFilter',
  prepare(ctx) {
    const { table, usage, request } = ctx;
    const { vcpuCapacity, ramCapacity, diskCapacity, state } = table;
    const { vcpuUsed, ramUsed, diskUsed } = usage;
    const vcpus = request.vcpus;
    const ram = request.ramMiB;
    const disk = request.diskGiB;
    return {
      // The max_unit part does not depend on usage: the table has it per host for this request.
      rejects: (i) =>
        (state[i]! & OVER_MAX_UNIT) !== 0 ||
        (vcpus > 0 && vcpuUsed[i]! + vcpus > vcpuCapacity[i]!) ||
        (ram > 0 && ramUsed[i]! + ram > ramCapacity[i]!) ||
        (disk > 0 && diskUsed[i]! + disk > diskCapacity[i]!),
      reason: (i) => reasonFor(ctx, i),
    };
  },
};
