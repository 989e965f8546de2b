import { useSyncExternalStore } from 'react';
import { useConsoleStore } from '../../console';
import { StatsGraphs } from '../../stats';
import { detailTestIds } from '../test-ids';

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

/** Whether this page is shown (not a background browser tab, not a minimised window). */
function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState !== 'hidden');
}

/**
 * The Graphs tab: live CPU, memory, disk and network I/O. The graphs watch the instance while they are mounted, so
 * they are mounted only while they can be seen: this tab shown, the panel open, the page visible and no console tab
 * covering the list. Hidden, the watch ends and main stops sampling the instance for this window.
 */
export function GraphsTab(props: { readonly uuid: string }) {
  const visible = usePageVisible();
  const covered = useConsoleStore((s) => s.active !== null);
  if (!visible || covered) {
    return (
      <p className="muted detail__note" data-testid={detailTestIds.graphsPaused}>
        Graphs paused while hidden.
      </p>
    );
  }
  return <StatsGraphs uuid={props.uuid} />;
}
