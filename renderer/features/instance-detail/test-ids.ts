// Test ids of the details panel (components and e2e tests import the same helpers).
import type { DetailTabId } from './detail-tabs';

/** Test ids of the details panel's tabs and what they show. */
export const detailTestIds = {
  /** The slot at the top of the panel for the lifecycle actions bar (features/instances/actions). */
  actionsSlot: 'instance-detail-actions',
  tab: (tab: DetailTabId) => `instance-detail-tab-${tab}`,
  panel: (tab: DetailTabId) => `instance-detail-panel-${tab}`,
  refresh: 'instance-detail-refresh',
  xml: 'instance-detail-xml',
  xmlError: 'instance-detail-xml-error',
  hardware: 'instance-detail-hardware',
  /** A hardware row by its kind (`vcpus`, `memory`, `disk`, `nic`, `graphics`, …). */
  hardwareRow: (kind: string) => `instance-detail-hw-${kind}`,
  actionLog: 'instance-detail-action-log',
  /** One action of the log, by its request id. */
  action: (requestId: string) => `instance-detail-action-${requestId}`,
  actionEvent: 'instance-detail-action-event',
  actionLogEmpty: 'instance-detail-action-log-empty',
  graphsPaused: 'instance-detail-graphs-paused',
} as const;
