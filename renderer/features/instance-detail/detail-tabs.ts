// The details panel's tabs, in order, and how the keyboard moves between them (WAI-ARIA tabs pattern).

/** A tab of the details panel. */
export type DetailTabId = 'overview' | 'graphs' | 'hardware' | 'actions' | 'console' | 'serial';

/** The tabs in the order they are shown, with their labels. */
export const DETAIL_TABS: readonly { readonly id: DetailTabId; readonly label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'graphs', label: 'Graphs' },
  { id: 'hardware', label: 'Hardware & XML' },
  { id: 'actions', label: 'Action log' },
  { id: 'console', label: 'Console' },
  { id: 'serial', label: 'Serial' },
];

/** Whether a stored value names a tab (what sessionStorage gives back is checked, never trusted). */
export function isDetailTab(value: unknown): value is DetailTabId {
  return DETAIL_TABS.some((tab) => tab.id === value);
}

/** The tab a key moves to from `current` (arrows wrap, Home/End go to the ends), or null for any other key. */
export function tabForKey(current: DetailTabId, key: string): DetailTabId | null {
  const index = DETAIL_TABS.findIndex((tab) => tab.id === current);
  const count = DETAIL_TABS.length;
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = (index + 1) % count;
      break;
    case 'ArrowLeft':
      next = (index - 1 + count) % count;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    default:
      return null;
  }
  return DETAIL_TABS[next]?.id ?? null;
}
