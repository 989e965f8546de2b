import { resolveSchedulerConfig } from './config';
import type { SchedulingContext } from './filter';
import { buildHostTable } from './host-table';
import { normalizeRequest } from './request';
import type { HostState, RequestSpec, SchedulerConfig } from './types';

/**
 * The context `schedule` gives filters and weighers for the first instance of a request. For running one filter
 * on one host (`checkHost`), e.g. a "why not this host?" view, and for tests.
 */
export function createSchedulingContext(
  request: RequestSpec,
  hosts: readonly HostState[],
  config?: Partial<SchedulerConfig>,
): SchedulingContext {
  const cfg = resolveSchedulerConfig(config);
  const req = normalizeRequest(request);
  const { table, usage } = buildHostTable(hosts, cfg, req.groupMembers);
  return { request: req, hosts, config: cfg, table, usage, instanceIndex: 0 };
}
