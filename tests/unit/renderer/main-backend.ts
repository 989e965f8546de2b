// The renderer's stores tested against main itself: a Backend (the renderer's interface) over main's real service
// facade and a real SQLite inventory in a temporary directory, in-process (no socket, no child process). Tests seed
// the inventory through main's own repositories and push events through the facade's emit(), which validates them
// as main would. Only the connection state is set by hand: a dropped WebSocket is a transport fault, below the stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import type { ArgsOf, Channel, ContractEvent, EventPayload, ResultOf } from '../../../common/contract/channels';
import type { Host, Instance } from '../../../common/contract/schemas';
import { createApp, type VirtDeckApp } from '../../../main/app';
import { hostService } from '../../../main/hosts';
import { openInventory, type Inventory } from '../../../main/inventory';
import type { NewInstance } from '../../../main/inventory/repositories';
import { BackendError, type Backend, type ConnectionState } from '../../../renderer/shared/backend/backend';
import { setBackend } from '../../../renderer/shared/backend/current-backend';

/** A backend over main, with the connection state in the test's hands. */
export interface MainBackend extends Backend {
  /** Report a connection state to the listeners (a dropped socket, a reconnect). */
  setConnection(state: ConnectionState): void;
  /** Every call made, in order (channel names). */
  readonly calls: string[];
}

/** What a renderer store test gets. */
export interface MainFixture {
  readonly backend: MainBackend;
  readonly app: VirtDeckApp;
  readonly inventory: Inventory;
  /** Add a host (up) through main's host service; resolves to it as `hosts.list` shows it. */
  addHost(name: string): Promise<Host>;
  /** Add an instance on a host (default project: the first one); resolves to it as `instances.show` shows it. */
  addInstance(hostId: string | null, instance: Partial<NewInstance> & { readonly name: string }): Promise<Instance>;
  /** An instance as `instances.show` returns it now. */
  show(uuid: string): Promise<Instance>;
  /** A host as `hosts.list` returns it now. */
  host(id: string): Promise<Host>;
}

/** Per test: main with an empty inventory, installed as the renderer's backend; closed after the test. */
export function useMainBackend(): () => MainFixture {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'virt-deck-renderer-'));
    const app = createApp({ mode: 'web', dataDir: dir, log: () => undefined });
    const inventory = openInventory({ dataDir: dir });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => app.close(), () => inventory.close());
    const backend = mainBackend(app);
    setBackend(backend);
    const project = inventory.store.projects.list()[0];
    if (project === undefined) throw new Error('the inventory seeds no project');
    const host = async (id: string) => (await backend.call('hosts.list', {})).find((h) => h.id === id) as Host;
    return {
      backend,
      app,
      inventory,
      async addHost(name) {
        const added = hostService(inventory.store).add({ name, uri: `test:///tmp/${name}.xml` });
        inventory.store.hosts.update(added.id, { status: 'up' });
        return host(added.id);
      },
      async addInstance(hostId, instance) {
        const record = inventory.store.instances.insert({ projectId: project.id, hostId, vmState: 'active', powerState: 1, vcpus: 1, ramMiB: 512, diskGiB: 1, ...instance });
        return backend.call('instances.show', { ref: record.uuid });
      },
      show: (uuid) => backend.call('instances.show', { ref: uuid }),
      host,
    };
  };
}

function mainBackend(app: VirtDeckApp): MainBackend {
  let state: ConnectionState = { status: 'connected' };
  const listeners = new Set<(state: ConnectionState) => void>();
  const calls: string[] = [];
  return {
    kind: 'web',
    calls,
    async call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
      calls.push(channel);
      if (state.status !== 'connected') throw new BackendError('disconnected', 'Not connected to Virt Deck');
      const result = await app.service.call(channel, args, { transport: 'in-process' });
      if (!result.ok) throw new BackendError(result.error.code, result.error.message);
      return result.value as ResultOf<C>;
    },
    subscribe<E extends ContractEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return app.service.subscribe((name, payload) => {
        if (name === event) listener(payload as EventPayload<E>);
      });
    },
    onConnectionChange(listener) {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
    openConsole: () => Promise.reject(new BackendError('unavailable', 'No consoles in the renderer tests')),
    // The page's upload goes into main's real upload sink (the one web mode's endpoint feeds), without the socket.
    async uploadImage(request) {
      const bytes = Buffer.from(await request.file.arrayBuffer());
      request.onProgress({ sent: 0, total: bytes.length });
      const result = await app.imageUpload(Readable.from([bytes]), { name: request.name, sizeBytes: bytes.length, fileName: request.file.name, signal: request.signal });
      request.onProgress({ sent: bytes.length, total: bytes.length });
      if (!result.ok) throw new BackendError(result.error.code, result.error.message);
      return result.value;
    },
    // main's upload sink takes the signal: an abort stops the import there.
    uploadCancellable: true,
    setConnection(next) {
      state = next;
      for (const listener of [...listeners]) listener(next);
    },
    close: () => undefined,
  };
}

/** A zustand store, as far as resetting it goes. */
interface ResettableStore<T> {
  getInitialState(): T;
  setState(state: T, replace: true): void;
}

/** Put a store back to its initial state (stores are module singletons; each test starts from scratch). */
export function resetStore<T>(store: ResettableStore<T>): void {
  store.setState(store.getInitialState(), true);
}
