import type { QuotaDelta } from './limits';
import type { Flavor } from '../../common/model/flavor';

const MIB_PER_GIB = 1024;

/**
 * Disk (GiB) one instance of the flavor claims: root + ephemeral + swap rounded up to whole GiB, as Nova's
 * `resources_from_flavor` computes DISK_GB. Booting from volume leaves the root disk off the host.
 */
export function flavorDiskGiB(flavor: Pick<Flavor, 'diskGiB' | 'ephemeralGiB' | 'swapMiB'>, bootFromVolume = false): number {
  const root = bootFromVolume ? 0 : flavor.diskGiB;
  return root + flavor.ephemeralGiB + Math.ceil(flavor.swapMiB / MIB_PER_GIB);
}

/** Quota delta of `count` instances of a flavor (instances, cores, ram MiB, disk GiB). */
export function quotaDeltaForFlavor(flavor: Flavor, count = 1, bootFromVolume = false): QuotaDelta {
  return {
    instances: count,
    cores: flavor.vcpus * count,
    ram: flavor.ramMiB * count,
    disk: flavorDiskGiB(flavor, bootFromVolume) * count,
  };
}
