import type { Contract } from '../../common/contract/channels';
import type { AppMode } from '../../common/contract/schemas';
import { ServiceError } from '../api/errors';
import type { Handlers } from '../api/service';
import { mapError } from '../api/errors';
import { actionResultView } from '../compute/action-views';
import type { ComputeService } from '../compute/compute-service';
import { instanceQueries } from '../compute/instance-views';
import type { ConsoleService } from '../console';
import { settingsService } from '../settings/settings';
import { hostService } from '../hosts';
import type { Inventory } from '../inventory';
import { statsHandlers, type StatsCollector } from '../stats';
import { findLocalLibvirtSocket } from './local-libvirt';
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
}

/** One handler per contract channel. */
export function contractHandlers(deps: HandlerDeps): Handlers<Contract> {
  const compute = (): ComputeService => {
    if (deps.compute === undefined) throw new ServiceError('unavailable', 'Acting on instances is not available in this process');
    return deps.compute();
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
    'instances.list': (args) => instanceQueries(deps.inventory().store).list(args),
    'instances.show': (args) => instanceQueries(deps.inventory().store).show(args.ref),
    ...statsHandlers(deps.stats),
    'console.open': (args, context) => {
      if (deps.consoles === undefined) throw new ServiceError('unavailable', 'Consoles are not available in this process');
      return deps.consoles().open(args, context.viewerSession ?? null);
    },
    'instances.act': async (args) => actionResultView(deps.inventory().store, await compute().act(args.ref, args.action)),
    'instances.bulk': async (args) => {
      const store = deps.inventory().store;
      const outcomes = await compute().bulk(args.refs, args.action);
      return outcomes.map((o) => {
        if (o.ok) return { outcome: 'ok' as const, ref: o.ref, result: actionResultView(store, o.result) };
        const { info } = mapError(o.error, 'instances.bulk');
        return { outcome: 'refused' as const, ref: o.ref, code: info.code, message: info.message };
      });
    },
    'instances.actions': (args) => compute().actions(args.ref),
    'snapshots.list': (args) => compute().snapshots(args.ref),
    'settings.get': (args) => {
      const settings = settingsService(deps.inventory().store);
      return args.key === undefined ? settings.list() : [settings.get(args.key)];
    },
    'settings.set': (args) => settingsService(deps.inventory().store).set(args.key, args.value),
  };
}
