import type { Backend } from '../backend/backend';
import { useAppInfoStore } from './app-info-store';
import { useConnectionStore } from './connection-store';
import { useFlavorsStore } from './flavors-store';
import { useNavigationStore } from './navigation-store';
import { useProjectsStore } from './projects-store';

/**
 * Follow the backend's connection and (re)load what the UI shows each time it connects: after a web mode reconnect
 * main may have restarted, so everything shown is refreshed rather than trusted.
 */
export function startSession(backend: Backend): () => void {
  let wasConnected = false;
  const detach = useConnectionStore.getState().attach(backend);
  const unsubscribe = useConnectionStore.subscribe((store) => {
    const connected = store.state.status === 'connected';
    if (connected && !wasConnected) void reloadVisible();
    wasConnected = connected;
  });
  // attach() reported the current state before subscribe() was listening.
  if (useConnectionStore.getState().state.status === 'connected') {
    wasConnected = true;
    void reloadVisible();
  }
  return () => {
    unsubscribe();
    detach();
  };
}

async function reloadVisible(): Promise<void> {
  const section = useNavigationStore.getState().section;
  await Promise.all([
    useAppInfoStore.getState().load(),
    section === 'flavors' ? useFlavorsStore.getState().load() : undefined,
    section === 'projects' ? useProjectsStore.getState().load() : undefined,
  ]);
}
