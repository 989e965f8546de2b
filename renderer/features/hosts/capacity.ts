// What placement counts of a host: for each resource, the total the host reported, what is reserved for the host
// itself, the allocation ratio, and the capacity instances may be allocated: (total − reserved) × ratio (Nova's
// Placement inventory). The bars compare the allocations of the host's instances with that capacity.
import type { Host } from '../../../common/contract/schemas';

/** One resource of a host, as placement counts it. */
export interface ResourceCapacity {
  readonly resource: 'vcpu' | 'ram' | 'disk';
  readonly label: string;
  /** Allocated to the host's live instances. */
  readonly used: number;
  /** What the host reported; undefined until it has. */
  readonly total: number | undefined;
  readonly reserved: number;
  readonly ratio: number;
  /** (total − reserved) × ratio; undefined until the host reported its total. */
  readonly capacity: number | undefined;
  readonly unit: 'count' | 'MiB' | 'GiB';
}

const capacityOf = (total: number | undefined, reserved: number, ratio: number): number | undefined =>
  total === undefined ? undefined : Math.max(0, total - reserved) * ratio;

/** The host's vCPU, RAM and disk, as placement counts them. */
export function hostCapacity(host: Host): readonly ResourceCapacity[] {
  const { facts, usage, allocation: a } = host;
  return [
    { resource: 'vcpu', label: 'vCPUs', used: usage.vcpus, total: facts.cpus, reserved: a.reservedVcpus, ratio: a.cpuRatio, capacity: capacityOf(facts.cpus, a.reservedVcpus, a.cpuRatio), unit: 'count' },
    { resource: 'ram', label: 'RAM', used: usage.ramMiB, total: facts.memoryMiB, reserved: a.reservedRamMiB, ratio: a.ramRatio, capacity: capacityOf(facts.memoryMiB, a.reservedRamMiB, a.ramRatio), unit: 'MiB' },
    { resource: 'disk', label: 'Disk', used: usage.diskGiB, total: facts.diskGiB, reserved: a.reservedDiskGiB, ratio: a.diskRatio, capacity: capacityOf(facts.diskGiB, a.reservedDiskGiB, a.diskRatio), unit: 'GiB' },
  ];
}

/** A ratio as operators write it (4.0, 1.5). */
export function formatRatio(ratio: number): string {
  return Number.isInteger(ratio) ? ratio.toFixed(1) : String(Math.round(ratio * 100) / 100);
}

/** An amount of a resource for the bars' text (MiB above 1 GiB as GiB with one decimal). */
export function formatAmount(value: number, unit: ResourceCapacity['unit']): string {
  const rounded = (n: number) => String(Math.round(n * 10) / 10);
  if (unit === 'count') return rounded(value);
  if (unit === 'GiB') return `${rounded(value)} GiB`;
  return value >= 1024 ? `${rounded(value / 1024)} GiB` : `${rounded(value)} MiB`;
}
