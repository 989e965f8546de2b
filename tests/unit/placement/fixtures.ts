import { checkHost, createSchedulingContext, FILTERS } from '../../../main/placement/index';
import type {
  FilterName,
  Flavor,
  HostState,
  RequestSpec,
  ScheduleResult,
  SchedulerConfig,
  WeigherContribution,
  WeigherName,
} from '../../../main/placement/index';

/** A small flavor: 2 vCPUs, 2048 MiB, 20 GiB root. */
export function flavor(overrides: Partial<Flavor> = {}): Flavor {
  return { id: 'f1', name: 'm1.small', vcpus: 2, ramMiB: 2048, diskGiB: 20, ephemeralGiB: 0, swapMiB: 0, extraSpecs: {}, isPublic: true, ...overrides };
}

/** An enabled, live, empty host with 8 CPUs, 16 GiB RAM (512 MiB reserved by default config), 100 GiB disk. */
export function host(name: string, overrides: Partial<HostState> = {}): HostState {
  return {
    name,
    enabled: true,
    up: true,
    vcpusTotal: 8,
    vcpusUsed: 0,
    ramTotalMiB: 16384,
    ramUsedMiB: 0,
    diskTotalGiB: 100,
    diskUsedGiB: 0,
    hypervisorType: 'qemu',
    cpuArch: 'x86_64',
    ...overrides,
  };
}

/** A request for one instance of `flavor()` unless overridden. */
export function request(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return { flavor: flavor(), ...overrides };
}

/** Run one filter over every host for the first instance: null = pass, else the reason. */
export function runFilter(
  name: FilterName,
  req: RequestSpec,
  hosts: readonly HostState[],
  config?: Partial<SchedulerConfig>,
): (string | null)[] {
  const ctx = createSchedulingContext(req, hosts, config);
  return hosts.map((_, i) => checkHost(FILTERS[name], ctx, i));
}

/** Contributions of one weigher per host name, from the first attempt's explanations (rejected hosts left out). */
export function weigherParts(result: ScheduleResult, weigher: WeigherName): Record<string, WeigherContribution> {
  const out: Record<string, WeigherContribution> = {};
  for (const e of result.explanations) {
    if (!e.passed) continue;
    const part = e.weighers.find((w) => w.weigher === weigher);
    if (part) out[e.host] = part;
  }
  return out;
}

/** Only the named weigher enabled, so the choice depends on it alone. */
export function only(weigher: WeigherName, extra: Partial<SchedulerConfig> = {}): Partial<SchedulerConfig> {
  return { enabledWeighers: [weigher], ...extra };
}
