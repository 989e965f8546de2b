import { OVER_MAX_UNIT, SERVICE_DISABLED, SERVICE_DOWN, type HostTableBuild } from './host-table';
import type { HostState } from './types';

const NON_NEGATIVE_FIELDS = [
  'vcpusTotal',
  'vcpusUsed',
  'ramTotalMiB',
  'ramUsedMiB',
  'diskTotalGiB',
  'diskUsedGiB',
  'reservedVcpus',
  'reservedRamMiB',
  'reservedDiskGiB',
  'instanceCount',
  'recentBuildFailures',
] as const;
const RATIO_FIELDS = ['cpuAllocationRatio', 'ramAllocationRatio', 'diskAllocationRatio'] as const;

/** Describe what is wrong with a host record, or return null. Only called when the fast check failed. */
function describeInvalid(host: HostState): string | null {
  if (typeof host.name !== 'string' || host.name === '') return 'host record has no name';
  for (const field of NON_NEGATIVE_FIELDS) {
    const v: unknown = host[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      return `host record field ${field} must be a finite number ≥ 0, got ${String(v)}`;
    }
  }
  for (const field of RATIO_FIELDS) {
    const v: unknown = host[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      return `host record field ${field} must be a finite number > 0, got ${String(v)}`;
    }
  }
  return null;
}

/**
 * Read host `i`'s record into row `i` of the table and the initial usage; false (and the reason kept in
 * `table.invalid`) when the record cannot be used.
 */
export function readHostRecord(build: HostTableBuild, i: number): boolean {
  const { table, usage, config, request } = build;
  const h = build.hosts[i]!;
  const vcpuRatio = h.cpuAllocationRatio ?? config.cpuAllocationRatio;
  const ramRatio = h.ramAllocationRatio ?? config.ramAllocationRatio;
  const diskRatio = h.diskAllocationRatio ?? config.diskAllocationRatio;
  const vcpuReserved = h.reservedVcpus ?? config.reservedHostCpus;
  const ramReserved = h.reservedRamMiB ?? config.reservedHostMemoryMiB;
  const diskReserved = h.reservedDiskGiB ?? config.reservedHostDiskGiB;
  const uuids = h.instanceUuids;
  const count = h.instanceCount ?? (uuids ? uuids.length : 0);
  const failures = h.recentBuildFailures ?? 0;
  const vcpuCapacity = (table.vcpuCapacity[i] = (h.vcpusTotal - vcpuReserved) * vcpuRatio);
  const ramCapacity = (table.ramCapacity[i] = (h.ramTotalMiB - ramReserved) * ramRatio);
  const diskCapacity = (table.diskCapacity[i] = (h.diskTotalGiB - diskReserved) * diskRatio);
  usage.vcpuUsed[i] = h.vcpusUsed;
  usage.ramUsed[i] = h.ramUsedMiB;
  usage.diskUsed[i] = h.diskUsedGiB;
  usage.instanceCount[i] = count;
  usage.buildFailures[i] = failures;
  // Placement's max_unit (the host's total) does not depend on usage: decided here once for the request.
  // `+` is the ToNumber a Float64Array column applies, so this sees the numbers a column would hold.
  const { vcpus, ramMiB, diskGiB } = request;
  const overMaxUnit = (vcpus > 0 && vcpus > +h.vcpusTotal) || (ramMiB > 0 && ramMiB > +h.ramTotalMiB) || (diskGiB > 0 && diskGiB > +h.diskTotalGiB);
  table.state[i] = (h.enabled ? 0 : SERVICE_DISABLED) | (h.up ? 0 : SERVICE_DOWN) | (overMaxUnit ? OVER_MAX_UNIT : 0);
  // Comparisons are false for NaN and for non-numbers that slipped past the types, so one chain catches both.
  const sound =
    h.vcpusTotal >= 0 && h.ramTotalMiB >= 0 && h.diskTotalGiB >= 0 &&
    h.vcpusUsed >= 0 && h.ramUsedMiB >= 0 && h.diskUsedGiB >= 0 &&
    vcpuReserved >= 0 && ramReserved >= 0 && diskReserved >= 0 &&
    count >= 0 && failures >= 0 && vcpuRatio > 0 && ramRatio > 0 && diskRatio > 0 &&
    Number.isFinite(vcpuCapacity + ramCapacity + diskCapacity + h.vcpusUsed + h.ramUsedMiB + h.diskUsedGiB + count + failures);
  if (sound && typeof h.name === 'string' && h.name !== '') return true;
  build.invalid.set(i, describeInvalid(h) ?? 'host record has a non-finite or negative size');
  return false;
}
