// What a build runs with: the inventory, the hosts, the image cache, knobs, and who hears about it.
import type { ActivityRegistry, ByteProgress } from '../../activity';
import type { InstanceFault, InstanceRecord } from '../../inventory/model';
import type { InventoryStore } from '../../inventory/repositories';
import type { SchedulerConfig } from '../../placement/types';
import type { HostConnections } from '../host-access';
import type { BuildStep } from './errors';

/** Nova's `max_attempts`: hosts tried per instance before the build fails for good. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** How long to wait for libvirt's STARTED event after `create` returned. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;
/** Instances of one request built at once. */
export const DEFAULT_BUILD_CONCURRENCY = 10;
/** Where QEMU hosts log each instance's serial console (libvirt's own per-domain log directory). */
export const DEFAULT_CONSOLE_LOG_DIR = '/var/log/libvirt/qemu';

/** What happened to a build, as it happens (the CLI's `--wait` prints these; the app's activity shows them). */
export type BuildEvent =
  | { readonly kind: 'task'; readonly uuid: string; readonly name: string; readonly host: string; readonly taskState: BuildStep }
  | { readonly kind: 'upload'; readonly uuid: string; readonly name: string; readonly host: string; readonly progress: ByteProgress }
  | { readonly kind: 'reschedule'; readonly uuid: string; readonly name: string; readonly from: string; readonly to: string; readonly reason: string }
  | { readonly kind: 'active'; readonly uuid: string; readonly name: string; readonly instance: InstanceRecord }
  | { readonly kind: 'error'; readonly uuid: string; readonly name: string; readonly fault: InstanceFault };

/** Everything a build needs. */
export interface BuildDeps {
  readonly store: InventoryStore;
  readonly hosts: HostConnections;
  /** Data directory holding the image cache the base volumes are uploaded from. */
  readonly dataDir: string;
  /** Where uploads (and builds) show up as activities. */
  readonly activity?: ActivityRegistry;
  /** Who runs the builds (`pid:starttime@hostname`), written as the task owner. */
  readonly taskOwner: string;
  /** The installation id written into each domain's metadata. */
  readonly createdBy: string;
  readonly now?: () => Date;
  readonly maxAttempts?: number;
  readonly startTimeoutMs?: number;
  readonly concurrency?: number;
  /** Serial console log directory on QEMU hosts; null for none. */
  readonly consoleLogDir?: string | null;
  readonly schedulerConfig?: Partial<SchedulerConfig>;
  readonly random?: () => number;
  readonly onEvent?: (event: BuildEvent) => void;
  /** Aborts every build in progress (the app is shutting down): each is cleaned up and ends in `error`. */
  readonly signal?: AbortSignal;
}
