import type { HostFilter } from '../filter';
import type { FilterName } from '../types';
import { aggregateInstanceExtraSpecsFilter } from './aggregate-instance-extra-specs';
import { availabilityZoneFilter } from './availability-zone';
import { capacityFilter } from './capacity';
import { computeFilter } from './compute';
import { differentHostFilter } from './different-host';
import { imagePropertiesFilter } from './image-properties';
import { sameHostFilter } from './same-host';
import { serverGroupAffinityFilter } from './server-group-affinity';
import { serverGroupAntiAffinityFilter } from './server-group-anti-affinity';

/** Every filter by name. */
export const FILTERS: Readonly<Record<FilterName, HostFilter>> = {
  ComputeFilter: computeFilter,
  CapacityFilter: capacityFilter,
  AvailabilityZoneFilter: availabilityZoneFilter,
  AggregateInstanceExtraSpecsFilter: aggregateInstanceExtraSpecsFilter,
  ImagePropertiesFilter: imagePropertiesFilter,
  ServerGroupAntiAffinityFilter: serverGroupAntiAffinityFilter,
  ServerGroupAffinityFilter: serverGroupAffinityFilter,
  SameHostFilter: sameHostFilter,
  DifferentHostFilter: differentHostFilter,
};

export { forcedHostStage, hostRecordStage, ignoreHostsStage } from './stages';
export { matchExtraSpec } from './extra-specs-ops';
export { canonicalArch, canonicalHypervisorType } from './image-properties';
export { hostZones } from './availability-zone';
export { aggregateExtraSpecs } from './aggregate-instance-extra-specs';
