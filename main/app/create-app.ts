// The composition root: builds the services once, for whichever front end runs them (the Electron shell, web mode,
// later the CLI). Nothing here knows about IPC or WebSockets.
import { contract, events, type Contract, type Events } from '../../common/contract/channels';
import type { AppMode } from '../../common/contract/schemas';
import { ServiceError } from '../api/errors';
import { createService, type Service } from '../api/service';
import { inventoryPath, resolveDataDir } from '../config/paths';
import { InventoryError, openInventory, type Inventory } from '../inventory';
import { contractHandlers } from './handlers';
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

  // SSH prompts go to every connected window; with none connected, the answer is "no" at once.
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
      prompts,
    }),
    options.log === undefined ? {} : { log: options.log },
  );

  let liveHosts: Promise<LiveHosts | null> = Promise.resolve(null);
  if (options.connectHosts !== undefined && options.connectHosts !== false) {
    const manager = options.connectHosts === true ? {} : options.connectHosts;
    liveHosts = (async () => startLiveHosts(openLazily(), service, { libvirtSocketPaths: options.libvirtSocketPaths ?? LOCAL_LIBVIRT_SOCKETS, log, manager, prompts }))().catch((error: unknown) => {
      log(`virt-deck: hosts are not connected: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
  }
  let closing: Promise<void> | undefined;

  return {
    dataDir,
    service,
    hostsStarted: liveHosts.then(() => undefined),
    close() {
      closing ??= (async () => {
        closed = true;
        prompts.close();
        await (await liveHosts)?.stop();
        inventory?.close();
        inventory = undefined;
      })();
      return closing;
    },
  };
}
