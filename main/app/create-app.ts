// The composition root: builds the services once, for whichever front end runs them (the Electron shell, web mode,
// later the CLI). Nothing here knows about IPC or WebSockets.
import { contract, events, type Contract, type Events } from '../../common/contract/channels';
import type { AppMode } from '../../common/contract/schemas';
import { ActivityRegistry } from '../activity';
import { ServiceError } from '../api/errors';
import { buildServiceFor, type BuildService } from '../compute/build';
import { createService, type Service } from '../api/service';
import { ConsoleService } from '../console';
import { inventoryPath, resolveDataDir } from '../config/paths';
import { InventoryError, openInventory, type Inventory } from '../inventory';
import { inventoryTargets, StatsCollector } from '../stats';
import { computeService, type ComputeService } from '../compute/compute-service';
import type { Reclaimer } from '../compute/reclaim';
import { imageService } from '../images';
import { contractHandlers } from './handlers';
import { imageUploadSink, type ImageUploadSink } from './image-upload';
import { appHostConnections } from './host-connections';
import { startLiveHosts, type LiveHosts, type LiveHostsOptions } from './live-hosts';
import { LOCAL_LIBVIRT_SOCKETS } from './local-libvirt';
import { PromptBroker, type PromptBrokerOptions } from './prompts';

/** The facade over the app's contract. */
export type AppService = Service<Contract, Events>;

/** How to build the app. */
export interface CreateAppOptions {
  readonly mode: AppMode;
  /** Explicit data directory (`--data-dir`); default: `$VIRT_DECK_DATA_DIR`, then the platform default. */
  readonly dataDir?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly electronVersion?: string | null;
  readonly libvirtSocketPaths?: readonly string[];
  /** Where unexpected errors are logged (default: stderr). */
  readonly log?: (message: string) => void;
  /**
   * Connect to the inventory's hosts and keep it live (Electron and web mode do; tests of the contract alone don't).
   * Host manager timing can be overridden for tests.
   */
  readonly connectHosts?: boolean | LiveHostsOptions['manager'];
  /** SSH prompt timing (tests). */
  readonly prompts?: Pick<PromptBrokerOptions, 'timeoutMs' | 'refusalMemoryMs'>;
}

/** The running app's services. */
export interface VirtDeckApp {
  readonly dataDir: string;
  readonly service: AppService;
  /** The console broker (web mode's `/console` socket and Electron's console ports connect through it). */
  consoles(): ConsoleService;
  /** Imports an uploaded image (web mode's `POST /upload/image`), as `images.import` would a file. */
  readonly imageUpload: ImageUploadSink;
  /** Settles once the host connections were started (or failed to: the reason is logged). */
  readonly hostsStarted: Promise<void>;
  /** Close what the services opened: host connections, the inventory database. Idempotent. */
  close(): Promise<void>;
}

/** Build the services. Resolving the data directory may throw DataDirError (no home and no override). */
export function createApp(options: CreateAppOptions): VirtDeckApp {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDir({ dataDir: options.dataDir, env });
  let inventory: Inventory | undefined;
  let closed = false;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  // Opened lazily: app.info must work even when the database cannot be opened (a native module built for another
  // runtime, a file from a newer version), and then the UI can say exactly why the inventory is unavailable.
  const openLazily = (): Inventory => {
    if (closed) throw new ServiceError('unavailable', 'Virt Deck is shutting down');
    if (inventory) return inventory;
    try {
      inventory = openInventory({ dataDir, env });
      for (const warning of inventory.warnings) log(`virt-deck: warning: ${warning}`);
    } catch (error) {
      if (error instanceof InventoryError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServiceError('unavailable', `The inventory ${inventoryPath(dataDir)} cannot be opened: ${reason}`, { cause: error });
    }
    return inventory;
  };

  let liveHosts: Promise<LiveHosts | null> = Promise.resolve(null);
  let reclaimer: Reclaimer | null = null;
  const hosts = appHostConnections(openLazily);
  let compute: ComputeService | undefined;
  const computeLazily = (): ComputeService => (compute ??= computeService({ store: openLazily().store, hosts }));
  // Live statistics: sampled from the hosts' live connections, for the viewers that watch them (docs/stats.md).
  const stats = new StatsCollector({
    resolve: (uuids) => inventoryTargets(openLazily().store)(uuids),
    channel: async (hostId) => {
      const live = await liveHosts;
      if (live === null) throw new ServiceError('unavailable', 'Host connections are not running in this process');
      // No waiting: a host still connecting shows as unavailable for this interval.
      return (await live.manager.connection(hostId, 0)).channel;
    },
    deliver: (viewer, batch): boolean => service.emitTo(viewer, 'stats.samples', batch),
    viewerOpen: (viewer): boolean => service.hasViewer(viewer),
    log,
  });
  let consoles: ConsoleService | undefined;
  const consoleService = (): ConsoleService =>
    (consoles ??= new ConsoleService({
      store: openLazily().store,
      log,
      // The host session's connection when the app runs (no handshake on the double-click path), else one dial.
      hosts: { withConnection: (host, work) => hosts.use(host.id, (conn) => work(conn)) },
    }));
  const activity = new ActivityRegistry({ log });
  // Creates run here in the background, reaching hosts as every other command does (the live sessions).
  let builds: Promise<BuildService> | undefined;
  const buildsLazily = async (): Promise<BuildService> => {
    if (closed) throw new ServiceError('unavailable', 'Virt Deck is shutting down');
    builds ??= (async () => buildServiceFor(openLazily(), hosts, { activity }))();
    // A failure (the inventory cannot be opened) is reported now and tried again on the next call.
    return builds.catch((error: unknown) => {
      builds = undefined;
      throw error;
    });
  };

  // SSH prompts go to every subscriber of the contract's events; with none, the answer is "no" at once. (In web mode a
  // subscriber is an open page; Electron's shell subscribes once for the app's life, so there a prompt raised while no
  // window is open waits for one until its timeout — docs/shell.md, Known gaps.)
  const prompts = new PromptBroker({
    ...options.prompts,
    publish: { requested: (prompt) => service.emit('prompts.requested', prompt), resolved: (resolved) => service.emit('prompts.resolved', resolved) },
    hasAnswerer: () => service.subscriberCount() > 0,
  });
  const service: AppService = createService(
    { contract, events },
    contractHandlers({
      mode: options.mode,
      dataDir,
      electronVersion: options.electronVersion ?? null,
      libvirtSocketPaths: options.libvirtSocketPaths ?? LOCAL_LIBVIRT_SOCKETS,
      inventory: openLazily,
      stats,
      consoles: consoleService,
      compute: computeLazily,
      builds: buildsLazily,
      activity,
      hosts: async () => hosts,
      prompts,
    }),
    options.log === undefined ? {} : { log: options.log },
  );
  service.onViewerClosed((viewer) => stats.dropViewer(viewer));
  activity.onChange(({ changed, removed }) => service.emit('activity.changed', { changed: [...changed], removed: [...removed] }));

  if (options.connectHosts !== undefined && options.connectHosts !== false) {
    const manager = options.connectHosts === true ? {} : options.connectHosts;
    liveHosts = (async () => {
      const live = await startLiveHosts(openLazily(), service, { libvirtSocketPaths: options.libvirtSocketPaths ?? LOCAL_LIBVIRT_SOCKETS, log, manager, prompts });
      hosts.useManager(live.manager);
      // Soft-deleted instances past their restore window are deleted for good while the app runs.
      if (!closed) reclaimer = computeLazily().startReclaimer(log);
      return live;
    })().catch((error: unknown) => {
      log(`virt-deck: hosts are not connected: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
  }
  let closing: Promise<void> | undefined;

  return {
    dataDir,
    service,
    consoles: consoleService,
    imageUpload: imageUploadSink(() => imageService({ store: openLazily().store, dataDir, activity }), log),
    hostsStarted: liveHosts.then(() => undefined),
    close() {
      closing ??= (async () => {
        closed = true;
        stats.close();
        prompts.close();
        consoles?.closeAll('Virt Deck is shutting down');
        // Builds in progress are stopped first (cleaned up, `error`), while their hosts are still connected.
        await (await builds?.catch(() => null))?.close();
        const live = await liveHosts;
        await reclaimer?.stop();
        hosts.useManager(null);
        await live?.stop();
        await hosts.close();
        inventory?.close();
        inventory = undefined;
      })();
      return closing;
    },
  };
}
