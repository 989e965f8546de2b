import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppService } from './create-app';
import { LiveHostConnections } from '../compute/host-access';
import { instanceQueries } from '../compute/instance-views';
import { HostManager, hostService, type HostManagerOptions } from '../hosts';
import { createSqliteChangeFeed, type Inventory } from '../inventory';
import { findLocalLibvirtSocket, LOCAL_LIBVIRT_URI } from './local-libvirt';
import { recoveryOnConnect, type RecoveryOnConnect } from './recovery-on-connect';
import { promptingConnector, type PromptBroker } from './prompts';

/** The running host connections of the app, and the change feed that pushes to the UI. */
export interface LiveHosts {
  /** The host sessions (what commands acting on hosts use). */
  readonly manager: HostManager;
  stop(): Promise<void>;
}

/** Options of {@link startLiveHosts}. */
export interface LiveHostsOptions {
  /** Standard libvirtd sockets: with no host configured, a local libvirtd found here is added as "localhost". */
  readonly libvirtSocketPaths: readonly string[];
  readonly log: (message: string) => void;
  readonly manager?: Partial<Omit<HostManagerOptions, 'store' | 'feed'>>;
  /** Where host connects ask for host keys, passphrases and passwords (without it, unknown keys are refused). */
  readonly prompts?: PromptBroker;
}

/**
 * Connect every host of the inventory and push inventory changes to the UI as `inventory.changed`. With no host
 * configured and a libvirtd running on this machine, that libvirtd is added first (`qemu:///system`), so a fresh
 * install opens on something real. Work a previous run left half done is recovered: each host's part when its
 * session comes up (`compute/recovery.ts`).
 */
export async function startLiveHosts(inventory: Inventory, service: AppService, options: LiveHostsOptions): Promise<LiveHosts> {
  const store = inventory.store;
  const hosts = hostService(store);
  await offerLocalLibvirt(inventory, options);
  const feed = createSqliteChangeFeed(store, { log: options.log });
  const instances = instanceQueries(store);
  const lastStatus = new Map(hosts.list().map((host) => [host.id, host.status]));
  feed.subscribe((delta) => {
    // A delta names the rows that changed; what the UI shows also depends on other rows: a host's usage on its
    // instances, an instance's status (UNKNOWN) on its host being up. Resend those too.
    const affectedHosts = new Set(delta.hosts.map((host) => host.id));
    for (const instance of delta.instances) if (instance.hostId !== null) affectedHosts.add(instance.hostId);
    const flipped = delta.hosts.filter((host) => lastStatus.get(host.id) !== host.status).map((host) => host.id);
    for (const host of delta.hosts) lastStatus.set(host.id, host.status);
    for (const id of delta.removedHosts) lastStatus.delete(id);
    const changed = new Map(delta.instances.map((instance) => [instance.uuid, instance]));
    for (const hostId of flipped) for (const instance of store.instances.list({ hostId })) if (!changed.has(instance.uuid)) changed.set(instance.uuid, instance);
    service.emit('inventory.changed', {
      instances: instances.views([...changed.values()]),
      hosts: affectedHosts.size === 0 ? [] : hosts.list().filter((host) => affectedHosts.has(host.id)),
      removedHosts: [...delta.removedHosts],
    });
  });
  let recovery: RecoveryOnConnect | null = null;
  const connect = options.prompts === undefined ? {} : { connect: promptingConnector(options.prompts, options.manager?.connectOptions) };
  const manager = new HostManager({
    log: options.log,
    ...connect,
    ...options.manager,
    store,
    feed,
    onStateChange: (hostId, state, detail) => {
      options.manager?.onStateChange?.(hostId, state, detail);
      if (state === 'up') recovery?.hostUp(hostId);
    },
  });
  recovery = recoveryOnConnect(store, new LiveHostConnections(store, manager), { dataDir: inventory.dataDir, log: options.log });
  manager.start();
  return {
    manager,
    async stop() {
      await manager.stop();
      await recovery?.idle();
      feed.close();
    },
  };
}

/** Marker in the data directory: the local libvirtd was offered once; a user who removed it keeps it removed. */
const LOCAL_OFFERED_MARKER = 'local-libvirt-added';

/** With no host configured, add this machine's libvirtd (once per data directory) when its socket exists. */
async function offerLocalLibvirt(inventory: Inventory, options: LiveHostsOptions): Promise<void> {
  const marker = join(inventory.dataDir, LOCAL_OFFERED_MARKER);
  const hosts = hostService(inventory.store);
  if (existsSync(marker) || hosts.list().length > 0) return;
  const socket = await findLocalLibvirtSocket(options.libvirtSocketPaths);
  if (socket === null) return;
  hosts.add({ name: 'localhost', uri: LOCAL_LIBVIRT_URI });
  writeFileSync(marker, `added localhost (${LOCAL_LIBVIRT_URI}, socket ${socket}) on ${new Date().toISOString()}\n`);
  options.log(`virt-deck: no host configured; added the local libvirtd (${socket}) as "localhost" (${LOCAL_LIBVIRT_URI})`);
}
