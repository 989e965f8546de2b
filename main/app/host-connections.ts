// How the app's commands reach hosts: through the live host sessions once they run (Electron, web mode), else by
// dialing each host once (an app built without live hosts, e.g. to serve the contract in tests). One small function
// so every part of the app that acts on hosts (compute, images, consoles) shares the same connections.
import { LiveHostConnections, OneShotHostConnections, type HostConnections } from '../compute/host-access';
import type { HostManager } from '../hosts';
import type { Inventory } from '../inventory';
import type { LibvirtConnection } from '../libvirt';
import type { HostRecord } from '../inventory/model';
import type { SshLease } from '../ssh';

/** The app's way to reach hosts, switched to the live sessions when they start. */
export interface AppHostConnections extends HostConnections {
  /** The live sessions started (or stopped: null). */
  useManager(manager: HostManager | null): void;
}

/** Build the app's host connections over its (lazily opened) inventory. */
export function appHostConnections(inventory: () => Inventory): AppHostConnections {
  let live: LiveHostConnections | null = null;
  let oneShot: OneShotHostConnections | null = null;
  const current = (): HostConnections => {
    if (live !== null) return live;
    oneShot ??= new OneShotHostConnections(inventory().store);
    return oneShot;
  };
  return {
    use<T>(hostId: string, fn: (conn: LibvirtConnection, host: HostRecord) => Promise<T>): Promise<T> {
      return current().use(hostId, fn);
    },
    ssh(hostId: string, signal?: AbortSignal): Promise<SshLease | null> {
      return current().ssh(hostId, signal);
    },
    useManager(manager) {
      live = manager === null ? null : new LiveHostConnections(inventory().store, manager);
    },
    async close() {
      live = null;
      const dialed = oneShot;
      oneShot = null;
      await dialed?.close();
    },
  };
}
