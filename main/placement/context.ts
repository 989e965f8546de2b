import { resolveSchedulerConfig } from './config';
import type { SchedulingContext } from './filter';
import { readHostRecord } from './host-record';
import { allocateHostTable, type HostTableBuild } from './host-table';
import { normalizeRequest } from './request';
import type { HostState, RequestSpec, SchedulerConfig } from './types';

/**
 * The first instance's context with the host table allocated but no host record read yet, and the build that
 * reads them: `schedule` reads each record as its first attempt meets the host (see runAttempt).
 */
export function createUnreadContext(
  request: RequestSpec,
  hosts: readonly HostState[],
  config?: Partial<SchedulerConfig>,
): { ctx: SchedulingContext; records: HostTableBuild } {
  const cfg = resolveSchedulerConfig(config);
  const req = normalizeRequest(request);
  const records = allocateHostTable(hosts, cfg, req);
  return { ctx: { request: req, hosts, config: cfg, table: records.table, usage: records.usage, instanceIndex: 0 }, records };
}

/**
 * The context `schedule` gives filters and weighers for the first instance of a request. For running one filter
 * on one host (`checkHost`), e.g. a "why not this host?" view, and for tests.
 */
export function createSchedulingContext(
  request: RequestSpec,
  hosts: readonly HostState[],
  config?: Partial<SchedulerConfig>,
): SchedulingContext {
  const { ctx, records } = createUnreadContext(request, hosts, config);
  for (let i = 0; i < hosts.length; i++) readHostRecord(records, i);
  return ctx;
}
