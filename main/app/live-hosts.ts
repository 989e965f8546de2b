import type { AppService } from './create-app';
import { instanceQueries } from '../compute/instance-views';
import { HostManager, hostService, type HostManagerOptions } from '../hosts';
import { createSqliteChangeFeed, type Inventory } from '../inventory';
import { findLocalLibvirtSocket } from './local-libvirt';

/** The running host connections of the app, and the change feed that pushes to the UI. */
export interface LiveHosts {
  stop(): Promise<void>;
}

/** Options of {@link startLiveHosts}. */
export interface LiveHostsOptions {
  /** Standard libvirtd sockets: with no host configured, a local libvirtd found here is added as "localhost". */
  readonly libvirtSocketPaths: readonly string[];
  readonly log: (message: string) => void;
  readonly manager?: Partial<Omit<HostManagerOptions, 'store' | 'feed'>>;
}

/**
 * Connect every host of the inventory and push inventory changes to the UI as `inventory.changed`. With no host
 * configured and a libvirtd running on this machine, that libvirtd is added first (`qemu:///system`), so a fresh
 * install opens on something real.
 */
export async function startLiveHosts(inventory: Inventory, service: AppService, options: LiveHostsOptions): Promise<LiveHosts> {
  const store = inventory.store;
  const hosts = hostService(store);
  if (hosts.list().length === 0 && (await findLocalLibvirtSocket(options.libvirtSocketPaths)) !== null) {
    hosts.add({ name: 'localhost', uri: 'qemu:///system' });
    options.log('virt-deck: no host configured; added the local libvirtd as "localhost" (qemu:///system)');
  }
  const feed = createSqliteChangeFeed(store, { log: options.log });
  const instances = instanceQueries(store);
  feed.subscribe((delta) => {
    const changedHosts = new Set(delta.hosts.map((host) => host.id));
    service.emit('inventory.changed', {
      instances: instances.views(delta.instances),
      hosts: changedHosts.size === 0 ? [] : hosts.list().filter((host) => changedHosts.has(host.id)),
      removedHosts: [...delta.removedHosts],
    });
  });
  const manager = new HostManager({ log: options.log, ...options.manager, store, feed });
  manager.start();
  return {
    async stop() {
      await manager.stop();
      feed.close();
    },
  };
}
