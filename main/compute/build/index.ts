// The create flow: request checks, the claim, the build steps, cleanup and reschedule.
export { createInstances, type CreateInstancesResult } from './create';
export { buildInstance } from './build-instance';
export { MAX_COUNT, MAX_METADATA_ITEMS, validateCreateRequest, type CreateInstancesRequest, type ValidatedCreate } from './request';
export { BUILD_STEPS, BuildRequestError, BuildStepError, HostSideError, isHostSide, type BuildStep } from './errors';
export { DEFAULT_BUILD_CONCURRENCY, DEFAULT_CONSOLE_LOG_DIR, DEFAULT_MAX_ATTEMPTS, DEFAULT_START_TIMEOUT_MS, type BuildDeps, type BuildEvent } from './deps';
export { consoleLogPath } from './spawn';
export { instanceHostname, instanceVolumeName } from './names';
export { removeBuildLeftovers, removeDomain, removeVolume } from './cleanup';
export { BuildService, buildServiceFor, type BuildServiceDeps, type BuildServiceOptions } from './build-service';
