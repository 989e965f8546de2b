// Running and recent tasks (creates, uploads, actions, bulk actions): the store, its feed, the header button and panel.
export { ActivityButton } from './ActivityButton';
export { followActivity, useActivityStore, type ActivityStore } from './activity-store';
export { activityTestIds } from './test-ids';
