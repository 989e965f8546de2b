// Main's real facade and stats collector in process, over fake hosts below the RPC layer, and a renderer Backend
// that is one viewer of it (as a window or a web connection is): what the renderer's stats tests run against.
import { contract, events, type ArgsOf, type Channel, type ContractEvent, type EventPayload, type ResultOf } from '../../../../../common/contract/channels';
import { createService, type ViewerHandle } from '../../../../../main/api/service';
import { contractHandlers } from '../../../../../main/app/handlers';
import { StatsCollector } from '../../../../../main/stats/stats-collector';
import type { StatsResolution } from '../../../../../main/stats/targets';
import { BackendError, type Backend, type ConnectionState } from '../../../../../renderer/shared/backend/backend';
import { FakeStatsHost, type FakeDomain } from '../../../stats/fake-stats-host';

/** A backend that can lose and regain its connection (a new viewer each time, as a web mode reconnect is). */
export interface TestBackend extends Backend {
  readonly viewerId: string;
  disconnect(): void;
  reconnect(): void;
}

/** Main with one fake host `h1`, and a way to add instances to it. */
export function inProcessMain() {
  const host = new FakeStatsHost();
  const table = new Map<string, StatsResolution>();
  const collector = new StatsCollector({
    resolve: (uuids) => uuids.map((uuid) => table.get(uuid) ?? { kind: 'unavailable', uuid, reason: `No instance ${uuid}` }),
    channel: () => Promise.resolve(host.channel),
    deliver: (viewer, batch): boolean => service.emitTo(viewer, 'stats.samples', batch),
    now: () => Date.now(),
    clock: () => Date.now(),
    log: () => undefined,
  });
  const service = createService(
    { contract, events },
    contractHandlers({
      mode: 'web',
      dataDir: '/nonexistent',
      electronVersion: null,
      libvirtSocketPaths: [],
      inventory: () => {
        throw new Error('these tests use no inventory');
      },
      stats: collector,
    }),
  );
  service.onViewerClosed((viewer) => collector.dropViewer(viewer));
  const main = service;

  function instance(name: string, overrides: Partial<FakeDomain> = {}): FakeDomain {
    const uuid = `00000000-0000-4000-8000-${(table.size + 1).toString(16).padStart(12, '0')}`;
    const domain = host.add(name, uuid, overrides);
    table.set(uuid, { kind: 'target', uuid, hostId: 'h1', hostName: 'h1', driver: 'qemu', domainUuid: uuid, domainName: name, vcpus: domain.vcpus });
    return domain;
  }

  function backend(): TestBackend {
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const connectionListeners = new Set<(state: ConnectionState) => void>();
    const forward = (event: string, payload: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    let viewer: ViewerHandle | null = main.openViewer(forward);
    let state: ConnectionState = { status: 'connected' };
    const setState = (next: ConnectionState) => {
      state = next;
      for (const listener of connectionListeners) listener(state);
    };
    return {
      kind: 'web',
      get viewerId() {
        return viewer?.id ?? 'none';
      },
      async call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
        if (viewer === null) throw new BackendError('disconnected', 'Not connected');
        const result = await main.call(channel, args, { transport: 'in-process', viewer: viewer.id });
        if (!result.ok) throw new BackendError(result.error.code, result.error.message);
        return result.value as ResultOf<C>;
      },
      subscribe<E extends ContractEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
        const set = listeners.get(event) ?? new Set();
        set.add(listener as (payload: unknown) => void);
        listeners.set(event, set);
        return () => set.delete(listener as (payload: unknown) => void);
      },
      openConsole: () => Promise.reject(new BackendError('unavailable', 'no consoles in this test')),
      onConnectionChange(listener) {
        connectionListeners.add(listener);
        listener(state);
        return () => connectionListeners.delete(listener);
      },
      close() {
        viewer?.close();
      },
      disconnect() {
        viewer?.close();
        viewer = null;
        setState({ status: 'reconnecting', attempt: 1, retryAt: Date.now() + 500, error: 'socket closed' });
      },
      reconnect() {
        viewer = main.openViewer(forward);
        setState({ status: 'connected' });
      },
    };
  }

  return { service: main, collector, host, instance, backend };
}
