export { checkQuota, formatQuotaExceeded, QUOTA_OK } from './check';
export type { QuotaCheck, QuotaExceeded, QuotaOk, QuotaOverage } from './check';
export { QuotaInputError } from './errors';
export { flavorDiskGiB, quotaDeltaForFlavor } from './flavor-delta';
export { DEFAULT_QUOTA_LIMITS, EMPTY_QUOTA_USAGE, effectiveQuotaLimits, QUOTA_RESOURCES, UNLIMITED } from './limits';
export type { QuotaDelta, QuotaLimits, QuotaResource, QuotaUsage } from './limits';
export type { Flavor } from '../../common/model/flavor';
export type { Project } from '../../common/model/project';
export { SERVER_GROUP_POLICIES, type ServerGroup, type ServerGroupPolicy, type ServerGroupRules } from '../../common/model/server-group';
export { maxInstancesThatFit } from './multi-create';
export {
  flavorSchema,
  projectQuotaSchema,
  projectSchema,
  quotaDeltaSchema,
  quotaLimitsSchema,
  quotaUsageSchema,
  serverGroupSchema,
  validateFlavor,
  validateProject,
  validateQuotaDelta,
  validateQuotaLimits,
  validateQuotaUsage,
  validateServerGroup,
} from './validation';
export type { Validated } from './validation';
