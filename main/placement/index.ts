export { schedule, NO_VALID_HOST_MESSAGE } from './schedule';
export { ALL_FILTER_NAMES, ALL_WEIGHER_NAMES, DEFAULT_SCHEDULER_CONFIG, resolveSchedulerConfig } from './config';
export { PlacementInputError } from './errors';
export { checkHost } from './filter';
export { createSchedulingContext } from './context';
export type { HostFilter, PreparedFilter, SchedulingContext } from './filter';
export type { HostWeigher, PreparedWeigher } from './weigher';
export { FILTERS, aggregateExtraSpecs, canonicalArch, canonicalHypervisorType, hostZones, matchExtraSpec } from './filters';
export { WEIGHERS } from './weighers';
export { normalize } from './normalize';
export { hostInventory } from './host-table';
export type { HostInventory } from './host-table';
export type {
  FilterCount,
  FilterName,
  HostExplanation,
  HostState,
  ImageProperties,
  NoValidHost,
  PlacementAttempt,
  RejectedHostExplanation,
  RequestSpec,
  ScheduleFailure,
  ScheduleResult,
  ScheduleSuccess,
  SchedulerConfig,
  SchedulerHints,
  WeigherContribution,
  WeigherName,
  WeighedHostExplanation,
} from './types';
export type { Aggregate } from '../../common/model/aggregate';
export type { Flavor } from '../../common/model/flavor';
export type { Project } from '../../common/model/project';
export type { ServerGroup, ServerGroupPolicy, ServerGroupRules } from '../../common/model/server-group';
