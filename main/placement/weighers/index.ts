import type { WeigherName } from '../types';
import type { HostWeigher } from '../weigher';
import { buildFailureWeigher } from './build-failure';
import { cpuWeigher } from './cpu';
import { diskWeigher } from './disk';
import { numInstancesWeigher } from './num-instances';
import { ramWeigher } from './ram';
import { serverGroupSoftAffinityWeigher } from './soft-affinity';
import { serverGroupSoftAntiAffinityWeigher } from './soft-anti-affinity';

/** Every weigher by name. */
export const WEIGHERS: Readonly<Record<WeigherName, HostWeigher>> = {
  RAMWeigher: ramWeigher,
  CPUWeigher: cpuWeigher,
  DiskWeigher: diskWeigher,
  NumInstancesWeigher: numInstancesWeigher,
  BuildFailureWeigher: buildFailureWeigher,
  ServerGroupSoftAffinityWeigher: serverGroupSoftAffinityWeigher,
  ServerGroupSoftAntiAffinityWeigher: serverGroupSoftAntiAffinityWeigher,
};
