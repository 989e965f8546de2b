import type { Contract } from '../../common/contract/channels';
import type { AppMode } from '../../common/contract/schemas';
import type { Handlers } from '../api/service';
import { instanceQueries } from '../compute/instance-views';
import { hostService } from '../hosts';
import type { Inventory } from '../inventory';
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
  /** SSH prompts of host connects (default: a broker nobody can answer, when no host is connected). */
  readonly prompts?: PromptBroker;
}

/** One handler per contract channel. */
export function contractHandlers(deps: HandlerDeps): Handlers<Contract> {
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
    ...promptHandlers(deps.prompts ?? new PromptBroker({ publish: { requested: () => undefined, resolved: () => undefined }, hasAnswerer: () => false })),
  };
}
