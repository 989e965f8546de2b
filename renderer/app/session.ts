import type { Backend } from '../shared/backend/backend';
import { useAppInfoStore } from '../shared/stores/app-info-store';
import { useConnectionStore } from '../shared/stores/connection-store';
import { useFlavorsStore } from '../features/flavors/flavors-store';
import { useHostsStore } from '../shared/stores/hosts-store';
import { useInstancesStore } from '../shared/stores/instances-store';
import { reloadLoadedLists } from '../shared/stores/list-store';
import { useInstanceDetailStore } from '../features/instance-detail/instance-detail-store';
import { followActivity } from '../features/activity';
import { followInventory } from './inventory-feed';
import { useNavigationStore } from './navigation-store';
import { useProjectsStore } from '../features/projects/projects-store';

/**
 * Follow the backend's connection and (re)load what the UI shows each time it connects: after a web mode reconnect
 * main may have restarted, so everything shown is refreshed rather than trusted. Inventory changes are merged into
 * the host and instance stores as they are pushed; what was missed while disconnected comes with the reload. While the
 * connection is down the rows on screen stay, marked stale (the connection store says when it is down).
 */
export function startSession(backend: Backend): () => void {
  let wasConnected = false;
  const detach = useConnectionStore.getState().attach(backend);
  const unfollow = followInventory(backend);
  const unfollowActivity = followActivity(backend);
  const unsubscribe = useConnectionStore.subscribe((store) => {
    const connected = store.state.status === 'connected';
    if (connected && !wasConnected) void reloadVisible();
    if (!connected && wasConnected) useInstancesStore.getState().markStale();
    wasConnected = connected;
  });
  // attach() reported the current state before subscribe() was listening.
  if (useConnectionStore.getState().state.status === 'connected') {
    wasConnected = true;
    void reloadVisible();
  }
  return () => {
    unsubscribe();
    unfollow();
    unfollowActivity();
    detach();
  };
}

async function reloadVisible(): Promise<void> {
  const section = useNavigationStore.getState().section;
  // Live lists that were loaded once are kept current by the feed, so they are reloaded even when not on screen:
  // the feed was silent while the connection was down.
  const hostsShown = section === 'overview' || section === 'hosts' || useHostsStore.getState().rows !== null;
  const instancesShown = section === 'instances' || useInstancesStore.getState().rows !== null;
  await Promise.all([
    useAppInfoStore.getState().load(),
    hostsShown ? useHostsStore.getState().load() : undefined,
    instancesShown ? useInstancesStore.getState().load() : undefined,
    section === 'flavors' && useFlavorsStore.getState().rows === null ? useFlavorsStore.getState().load() : undefined,
    section === 'projects' && useProjectsStore.getState().rows === null ? useProjectsStore.getState().load() : undefined,
    // Flavors, projects, images, key pairs: every list loaded (or tried) before, on screen or not.
    reloadLoadedLists(),
    useInstanceDetailStore.getState().refresh(),
  ]);
  // The instances are what an operator opens next: fetched once what is on screen has arrived, so the list is
  // there at once when they switch to it (and kept current by the feed from then on).
  if (useInstancesStore.getState().rows === null) await useInstancesStore.getState().load();
}
