// Test ids of the activity panel (same convention as renderer/testIds.ts).

/** Test ids of the activity button and panel. */
export const activityTestIds = {
  /** The header button; carries data-running. */
  button: 'activity-button',
  panel: 'activity-panel',
  close: 'activity-close',
  list: 'activity-list',
  /** One activity, by id; carries data-state and data-kind. */
  item: (id: string) => `activity-item-${id}`,
  empty: 'activity-empty',
} as const;
