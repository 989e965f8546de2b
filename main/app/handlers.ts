import type { Contract } from '../../common/contract/channels';
import type { AppMode } from '../../common/contract/schemas';
import { ServiceError } from '../api/errors';
import type { Handlers } from '../api/service';
import { mapError } from '../api/errors';
import { actionResultView } from '../compute/action-views';
import type { ComputeService } from '../compute/compute-service';
import type { ConsoleService } from '../console';
import { settingsService } from '../settings/settings';
import { statsHandlers, type StatsCollector } from '../stats';
import { ActivityRegistry } from '../activity';
import type { BuildService } from '../compute/build';
import { OneShotHostConnections, type HostConnections } from '../compute/host-access';
import { instanceQueries } from '../compute/instance-views';
import { listAvailabilityZones } from '../compute/availability-zones';
import { previewPlacement } from '../compute/placement-preview';
import { hostService, listNetworks, listStoragePools, resolveNetwork, resolveStoragePool } from '../hosts';
import { imageService } from '../images';
import type { HostRecord, Inventory } from '../inventory';
import { resolveHost, resolveInstance } from '../inventory/services';
import type { InventoryStore } from '../inventory/repositories';
import { ADMIN_PROJECT_NAME } from '../inventory/sqlite/seed';
import { keyPairService } from '../keypairs';
import type { LibvirtConnection } from '../libvirt';
import { trackAction, trackBulk } from './action-activity';
import { findLocalLibvirtSocket } from './local-libvirt';
import { PromptBroker, promptHandlers } from './prompts';
import { APP_NAME, APP_VERSION } from './version';

/** What the handlers need from the composition root. */
export interface HandlerDeps {
  readonly mode: AppMode;
  readonly dataDir: string;
  /** `process.versions.electron` in the Electron shell, null elsewhere. */
  readonly electronVersion: string | null;
  /** Standard libvirtd socket paths to probe (tests pass their own). */
  readonly libvirtSocketPaths: readonly string[];
  /** The inventory, opened on first use. */
  readonly inventory: () => Inventory;
  /** Live statistics (absent: `stats.watch` answers `unavailable`). */
  readonly stats?: Pick<StatsCollector, 'watch'>;
  /** The console broker, built with the inventory (absent: `console.open` answers `unavailable`). */
  readonly consoles?: () => ConsoleService;
  /** Acting on instances (built on first use, over the app's host connections). */
  readonly compute?: () => ComputeService;
  /** The builds of this app (creates run in the background here), ready once the host connections are. */
  readonly builds?: () => Promise<BuildService>;
  /** Running and recent work (uploads, imports, actions), pushed to the UI as `activity.changed`; default: kept, not pushed. */
  readonly activity?: ActivityRegistry;
  /** How commands reach hosts (the app's live sessions); default: one connection per host, closed after the call. */
  readonly hosts?: () => Promise<HostConnections>;
  /** SSH prompts of host connects (default: a broker nobody can answer, when no host is connected). */
  readonly prompts?: PromptBroker;
}

/** The instance a reference names, or null (the action itself then says what is wrong with the reference). */
function findInstance(store: InventoryStore, ref: string): { uuid: string; name: string } | null {
  try {
    return store.read((repos) => resolveInstance(repos, ref));
  } catch {
    return null;
  }
}

/** One handler per contract channel. */
export function contractHandlers(deps: HandlerDeps): Handlers<Contract> {
  const compute = (): ComputeService => {
    if (deps.compute === undefined) throw new ServiceError('unavailable', 'Acting on instances is not available in this process');
    return deps.compute();
  };
  const builds = (): Promise<BuildService> => {
    if (deps.builds === undefined) throw new ServiceError('unavailable', 'Creating instances is not available in this process');
    return deps.builds();
  };
  const activity = deps.activity ?? new ActivityRegistry();
  const images = () => imageService({ store: deps.inventory().store, dataDir: deps.dataDir, activity });
  /** Run `fn` with the app's host connections, or with connections of its own that are closed afterwards. */
  const withHosts = async <T>(fn: (hosts: HostConnections) => Promise<T>): Promise<T> => {
    if (deps.hosts !== undefined) return fn(await deps.hosts());
    const own = new OneShotHostConnections(deps.inventory().store);
    try {
      return await fn(own);
    } finally {
      await own.close();
    }
  };
  /** Ask the host named `ref` (its name or id) over an open connection. */
  const onHost = <T>(ref: string, fn: (conn: LibvirtConnection, host: HostRecord) => Promise<T>): Promise<T> => {
    const host = deps.inventory().store.read((repos) => resolveHost(repos, ref));
    return withHosts((hosts) => hosts.use(host.id, fn));
  };
  return {
    'app.info': async () => ({
      name: APP_NAME,
      version: APP_VERSION,
      mode: deps.mode,
      dataDir: deps.dataDir,
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node, electron: deps.electronVersion },
      localLibvirt: {
        socketPath: await findLocalLibvirtSocket(deps.libvirtSocketPaths),
        checkedPaths: [...deps.libvirtSocketPaths],
      },
    }),
    // Records carry bookkeeping fields the contract does not name; the facade's result parse strips them.
    'flavors.list': () => deps.inventory().services.flavors.list(),
    'projects.list': () => deps.inventory().services.projects.list(),
    'hosts.list': () => hostService(deps.inventory().store).list(),
    'hosts.add': (args) => hostService(deps.inventory().store).add(args),
    'hosts.remove': (args) => {
      const result = hostService(deps.inventory().store).remove(args.ref, { force: args.force === true });
      return { removed: result.host.id, instancesDeleted: result.instancesDeleted };
    },
    'hosts.update': (args) => {
      const { id, ...input } = args;
      return hostService(deps.inventory().store).update(id, input);
    },
    'projects.create': (args) => deps.inventory().services.projects.create(args),
    'quotas.show': (args) => deps.inventory().services.quotas.show(args.project),
    'quotas.set': (args) => {
      const { project, ...limits } = args;
      return deps.inventory().services.quotas.set(project, limits);
    },
    'flavors.create': (args) => deps.inventory().services.flavors.create(args),
    'flavors.delete': (args) => deps.inventory().services.flavors.delete(args.ref),
    'instances.list': (args) => instanceQueries(deps.inventory().store).list(args),
    'instances.show': (args) => instanceQueries(deps.inventory().store).show(args.ref),
    ...statsHandlers(deps.stats),
    'console.open': (args, context) => {
      if (deps.consoles === undefined) throw new ServiceError('unavailable', 'Consoles are not available in this process');
      return deps.consoles().open(args, context.viewerSession ?? null);
    },
    'instances.act': async (args) => {
      const service = compute();
      const store = deps.inventory().store;
      return actionResultView(store, await trackAction(activity, args.ref, args.action, (ref) => findInstance(store, ref), () => service.act(args.ref, args.action)));
    },
    'instances.bulk': async (args) => {
      const store = deps.inventory().store;
      const service = compute();
      const outcomes = await trackBulk(activity, args.refs, args.action, (onEach) => service.bulk(args.refs, args.action, onEach));
      return outcomes.map((o) => {
        if (o.ok) return { outcome: 'ok' as const, ref: o.ref, result: actionResultView(store, o.result) };
        const { info } = mapError(o.error, 'instances.bulk');
        return { outcome: 'refused' as const, ref: o.ref, code: info.code, message: info.message };
      });
    },
    'instances.actions': (args) => compute().actions(args.ref),
    'snapshots.list': (args) => compute().snapshots(args.ref),
    'instances.xml': (args) => compute().domainXml(args.ref),
    'settings.get': (args) => {
      const settings = settingsService(deps.inventory().store);
      return args.key === undefined ? settings.list() : [settings.get(args.key)];
    },
    'settings.set': (args) => settingsService(deps.inventory().store).set(args.key, args.value),
    // Returns at once with the new instances (BUILD/scheduling); the UI follows the builds through the change feed.
    'instances.create': async (args) => {
      const created = (await builds()).create(args);
      return { requestId: created.requestId, instances: instanceQueries(deps.inventory().store).views(created.instances) };
    },
    'images.list': () => images().list(),
    'images.show': (args) => images().show(args.ref),
    'images.import': async (args) => {
      const { path, ...fields } = args;
      const imported = await images().importFile({ path, ...fields });
      return { image: await images().show(imported.image.id), notes: imported.notes };
    },
    'images.delete': async (args) => {
      const deleted = await withHosts((hosts) => images().delete(args.ref, hosts));
      return { id: deleted.image.id, name: deleted.image.name, instances: deleted.instances, baseVolumes: deleted.baseVolumes };
    },
    'keypairs.list': () => keyPairService(deps.inventory().store).list(),
    'keypairs.add': (args) => keyPairService(deps.inventory().store).add(args),
    'keypairs.delete': (args) => keyPairService(deps.inventory().store).delete(args.name),
    'networks.list': (args) =>
      onHost(args.host, async (conn, host) => ({
        hostId: host.id,
        hostName: host.name,
        networks: await listNetworks(conn),
        defaultNetwork: (await resolveNetwork(conn, host).catch(() => null))?.name ?? null,
      })),
    'pools.list': (args) =>
      onHost(args.host, async (conn, host) => ({
        hostId: host.id,
        hostName: host.name,
        pools: await listStoragePools(conn),
        defaultPool: (await resolveStoragePool(conn, host).catch(() => null))?.name ?? null,
      })),
    'activity.list': () => activity.list(),
    // The create wizard: where a request would go and why (nothing claimed); its quota bars read `quotas.show`.
    'placement.preview': (args) => previewPlacement(deps.inventory().store, args),
    // The wizard's Placement pickers: the project's server groups, and the zones hosts are in.
    'serverGroups.list': (args) =>
      deps
        .inventory()
        .services.serverGroups.list(args.project ?? ADMIN_PROJECT_NAME)
        .map((g) => ({ id: g.id, name: g.name, projectId: g.projectId, policy: g.policy, members: g.members.length, maxServerPerHost: g.rules.maxServerPerHost ?? null })),
    'availabilityZones.list': () => listAvailabilityZones(deps.inventory().store),
    ...promptHandlers(deps.prompts ?? new PromptBroker({ publish: { requested: () => undefined, resolved: () => undefined }, hasAnswerer: () => false })),
  };
}
