// Test ids of the lifecycle actions (same convention as renderer/testIds.ts).

/** Where an actions bar is: over the list (acting on the selection) or atop the details panel. */
export type ActionsScope = 'list' | 'detail';

/** Test ids of the actions bars, the row task state's notices and the bulk summary. */
export const actionTestIds = {
  bar: (scope: ActionsScope) => `actions-bar-${scope}`,
  /** A lifecycle button of a bar, by the guard table's action name (`start`, `reboot-hard`, …). */
  button: (scope: ActionsScope, action: string) => `action-${scope}-${action}`,
  /** The tooltip of a bar's button (its reason when disabled). */
  tooltip: (scope: ActionsScope, action: string) => `action-tooltip-${scope}-${action}`,
  /** What one action left to say (refused, or a stop that timed out), by instance UUID. */
  notice: (uuid: string) => `action-notice-${uuid}`,
  noticeForce: 'action-notice-force',
  noticeDismiss: 'action-notice-dismiss',
  summary: 'bulk-summary',
  summaryDone: 'bulk-summary-done',
  summaryNotDone: 'bulk-summary-not-done',
  summaryRefused: 'bulk-summary-refused',
  summaryForce: 'bulk-summary-force',
  summaryClose: 'bulk-summary-close',
} as const;
