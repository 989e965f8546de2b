import { Proc } from './procedures';
import { decodeOptionalString } from './procedure-support';
import {
  decodeDomain,
  decodeNetwork,
  decodeStoragePool,
  type DomainRef,
  type NetworkRef,
  type StoragePoolRef,
} from './records';
import { decodeTypedParamRecord, type TypedParamRecord } from './typed-params';
import type { XdrReader } from './xdr';

/**
 * Event ids, named enums and payload decoders for domain, network and storage-pool events
 * (libvirt-protocol.md §11.13, §12). Decoders read the payload *after* the callbackID word.
 */

/** Domain event ids (`virDomainEventID`), the `eventID` argument of registration. */
export const DomainEventId = {
  LIFECYCLE: 0,
  REBOOT: 1,
  RTC_CHANGE: 2,
  WATCHDOG: 3,
  IO_ERROR: 4,
  GRAPHICS: 5,
  IO_ERROR_REASON: 6,
  CONTROL_ERROR: 7,
  BLOCK_JOB: 8,
  DISK_CHANGE: 9,
  TRAY_CHANGE: 10,
  PMWAKEUP: 11,
  PMSUSPEND: 12,
  BALLOON_CHANGE: 13,
  PMSUSPEND_DISK: 14,
  DEVICE_REMOVED: 15,
  BLOCK_JOB_2: 16,
  TUNABLE: 17,
  AGENT_LIFECYCLE: 18,
  DEVICE_ADDED: 19,
  MIGRATION_ITERATION: 20,
  JOB_COMPLETED: 21,
  DEVICE_REMOVAL_FAILED: 22,
  METADATA_CHANGE: 23,
  BLOCK_THRESHOLD: 24,
} as const;

/** Lifecycle event types (`virDomainEventType`). */
export const LifecycleEvent = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  SUSPENDED: 3,
  RESUMED: 4,
  STOPPED: 5,
  SHUTDOWN: 6,
  PMSUSPENDED: 7,
  CRASHED: 8,
} as const;

/** Lifecycle event name ("STARTED"). */
export type LifecycleEventName = keyof typeof LifecycleEvent;

/** Detail values per lifecycle event type (`virDomainEvent<Type>DetailType`). */
export const LifecycleDetail = {
  DEFINED: { ADDED: 0, UPDATED: 1, RENAMED: 2, FROM_SNAPSHOT: 3 },
  UNDEFINED: { REMOVED: 0, RENAMED: 1 },
  STARTED: { BOOTED: 0, MIGRATED: 1, RESTORED: 2, FROM_SNAPSHOT: 3, WAKEUP: 4 },
  SUSPENDED: {
    PAUSED: 0,
    MIGRATED: 1,
    IOERROR: 2,
    WATCHDOG: 3,
    RESTORED: 4,
    FROM_SNAPSHOT: 5,
    API_ERROR: 6,
    POSTCOPY: 7,
    POSTCOPY_FAILED: 8,
  },
  RESUMED: { UNPAUSED: 0, MIGRATED: 1, FROM_SNAPSHOT: 2, POSTCOPY: 3, POSTCOPY_FAILED: 4 },
  STOPPED: { SHUTDOWN: 0, DESTROYED: 1, CRASHED: 2, MIGRATED: 3, SAVED: 4, FAILED: 5, FROM_SNAPSHOT: 6, RECREATED: 7 },
  SHUTDOWN: { FINISHED: 0, GUEST: 1, HOST: 2 },
  PMSUSPENDED: { MEMORY: 0, DISK: 1 },
  CRASHED: { PANICKED: 0, CRASHLOADED: 1 },
} as const satisfies Record<LifecycleEventName, Record<string, number>>;

/** Network lifecycle event types. */
export const NetworkLifecycleEvent = { DEFINED: 0, UNDEFINED: 1, STARTED: 2, STOPPED: 3 } as const;

/** Storage-pool lifecycle event types. */
export const StoragePoolLifecycleEvent = { DEFINED: 0, UNDEFINED: 1, STARTED: 2, STOPPED: 3, CREATED: 4, DELETED: 5 } as const;

/** Network event ids. */
export const NetworkEventId = { LIFECYCLE: 0 } as const;

/** Storage-pool event ids. */
export const StoragePoolEventId = { LIFECYCLE: 0, REFRESH: 1 } as const;

function nameOf(table: Readonly<Record<string, number>>, value: number): string {
  for (const key in table) if (table[key] === value) return key;
  return `UNKNOWN(${value})`;
}

/** Name of a lifecycle event number, or "UNKNOWN(n)" for one newer than this code. */
export function lifecycleEventName(event: number): string {
  return nameOf(LifecycleEvent, event);
}

/** Name of a lifecycle detail number for its event, or "UNKNOWN(n)". */
export function lifecycleDetailName(event: number, detail: number): string {
  const eventName = lifecycleEventName(event);
  const table: Readonly<Record<string, number>> | undefined = (LifecycleDetail as Record<string, Readonly<Record<string, number>>>)[eventName];
  return table ? nameOf(table, detail) : `UNKNOWN(${detail})`;
}

/** Fields every domain event carries. `callbackID` is null for the legacy (pre-1.2.1) form. */
export interface DomainEventBase {
  readonly callbackID: number | null;
  readonly dom: DomainRef;
}

/** LIFECYCLE (318 / legacy 107). */
export interface DomainLifecycleEvent extends DomainEventBase {
  readonly kind: 'lifecycle';
  /** `LifecycleEvent`. */
  readonly event: number;
  /** Meaning depends on `event` (`LifecycleDetail`). */
  readonly detail: number;
  readonly eventName: string;
  readonly detailName: string;
}

/** REBOOT (319 / legacy 169). */
export interface DomainRebootEvent extends DomainEventBase {
  readonly kind: 'reboot';
}

/** RTC_CHANGE (320): guest clock offset in seconds. */
export interface DomainRtcChangeEvent extends DomainEventBase {
  readonly kind: 'rtc-change';
  readonly offset: bigint;
}

/** WATCHDOG (321). */
export interface DomainWatchdogEvent extends DomainEventBase {
  readonly kind: 'watchdog';
  readonly action: number;
}

/** IO_ERROR (322) and IO_ERROR_REASON (324, with `reason`). */
export interface DomainIoErrorEvent extends DomainEventBase {
  readonly kind: 'io-error';
  readonly srcPath: string;
  readonly devAlias: string;
  readonly action: number;
  readonly reason: string | null;
}

/** A graphics endpoint in GRAPHICS events. */
export interface GraphicsAddress {
  /** 0 IPv4, 1 IPv6, 2 unix. */
  readonly family: number;
  readonly node: string;
  readonly service: string;
}

/** An authenticated identity in GRAPHICS events. */
export interface GraphicsIdentity {
  readonly type: string;
  readonly name: string;
}

/** GRAPHICS (323): a VNC/SPICE client connected, authenticated or disconnected. */
export interface DomainGraphicsEvent extends DomainEventBase {
  readonly kind: 'graphics';
  /** 0 CONNECT, 1 INITIALIZE, 2 DISCONNECT. */
  readonly phase: number;
  readonly local: GraphicsAddress;
  readonly remote: GraphicsAddress;
  readonly authScheme: string;
  readonly subject: readonly GraphicsIdentity[];
}

/** CONTROL_ERROR (325). */
export interface DomainControlErrorEvent extends DomainEventBase {
  readonly kind: 'control-error';
}

/** BLOCK_JOB (326, `disk` is the path) and BLOCK_JOB_2 (339, `disk` is the target name). */
export interface DomainBlockJobEvent extends DomainEventBase {
  readonly kind: 'block-job';
  readonly disk: string;
  readonly type: number;
  readonly status: number;
}

/** DISK_CHANGE (327). */
export interface DomainDiskChangeEvent extends DomainEventBase {
  readonly kind: 'disk-change';
  readonly oldSrcPath: string | null;
  readonly newSrcPath: string | null;
  readonly devAlias: string;
  readonly reason: number;
}

/** TRAY_CHANGE (328). */
export interface DomainTrayChangeEvent extends DomainEventBase {
  readonly kind: 'tray-change';
  readonly devAlias: string;
  readonly reason: number;
}

/** PMWAKEUP (329), PMSUSPEND (330), PMSUSPEND_DISK (332). */
export interface DomainPmEvent extends DomainEventBase {
  readonly kind: 'pm-wakeup' | 'pm-suspend' | 'pm-suspend-disk';
  readonly reason: number;
}

/** BALLOON_CHANGE (331). */
export interface DomainBalloonChangeEvent extends DomainEventBase {
  readonly kind: 'balloon-change';
  readonly actualKiB: bigint;
}

/** DEVICE_REMOVED (333), DEVICE_ADDED (354), DEVICE_REMOVAL_FAILED (367). */
export interface DomainDeviceEvent extends DomainEventBase {
  readonly kind: 'device-removed' | 'device-added' | 'device-removal-failed';
  readonly devAlias: string;
}

/** TUNABLE (346) and JOB_COMPLETED (363): typed parameters. */
export interface DomainParamsEvent extends DomainEventBase {
  readonly kind: 'tunable' | 'job-completed';
  readonly params: TypedParamRecord;
}

/** AGENT_LIFECYCLE (348). */
export interface DomainAgentLifecycleEvent extends DomainEventBase {
  readonly kind: 'agent-lifecycle';
  /** 1 connected, 2 disconnected. */
  readonly state: number;
  readonly reason: number;
}

/** MIGRATION_ITERATION (359). */
export interface DomainMigrationIterationEvent extends DomainEventBase {
  readonly kind: 'migration-iteration';
  readonly iteration: number;
}

/** METADATA_CHANGE (379). */
export interface DomainMetadataChangeEvent extends DomainEventBase {
  readonly kind: 'metadata-change';
  readonly type: number;
  readonly nsuri: string | null;
}

/** BLOCK_THRESHOLD (385). */
export interface DomainBlockThresholdEvent extends DomainEventBase {
  readonly kind: 'block-threshold';
  readonly dev: string;
  readonly path: string | null;
  readonly threshold: bigint;
  readonly excess: bigint;
}

/** Domain event type per event id. */
export interface DomainEventMap {
  0: DomainLifecycleEvent;
  1: DomainRebootEvent;
  2: DomainRtcChangeEvent;
  3: DomainWatchdogEvent;
  4: DomainIoErrorEvent;
  5: DomainGraphicsEvent;
  6: DomainIoErrorEvent;
  7: DomainControlErrorEvent;
  8: DomainBlockJobEvent;
  9: DomainDiskChangeEvent;
  10: DomainTrayChangeEvent;
  11: DomainPmEvent;
  12: DomainPmEvent;
  13: DomainBalloonChangeEvent;
  14: DomainPmEvent;
  15: DomainDeviceEvent;
  16: DomainBlockJobEvent;
  17: DomainParamsEvent;
  18: DomainAgentLifecycleEvent;
  19: DomainDeviceEvent;
  20: DomainMigrationIterationEvent;
  21: DomainParamsEvent;
  22: DomainDeviceEvent;
  23: DomainMetadataChangeEvent;
  24: DomainBlockThresholdEvent;
}

/** Any domain event. */
export type DomainEvent = DomainEventMap[keyof DomainEventMap];

/** Network LIFECYCLE (315). */
export interface NetworkLifecycleEventMessage {
  readonly kind: 'network-lifecycle';
  readonly callbackID: number;
  readonly net: NetworkRef;
  /** `NetworkLifecycleEvent`. */
  readonly event: number;
  readonly detail: number;
  readonly eventName: string;
}

/** Storage-pool LIFECYCLE (370) and REFRESH (371). */
export type StoragePoolEventMessage =
  | {
      readonly kind: 'pool-lifecycle';
      readonly callbackID: number;
      readonly pool: StoragePoolRef;
      /** `StoragePoolLifecycleEvent`. */
      readonly event: number;
      readonly detail: number;
      readonly eventName: string;
    }
  | { readonly kind: 'pool-refresh'; readonly callbackID: number; readonly pool: StoragePoolRef };

/**
 * How one event id travels: its message procedure(s) and the payload decoder. `Id` is what the
 * decoder is given as callbackID: a number in the callback form, null in the legacy form.
 */
export interface EventWireSpec<E, Id extends number | null = number | null> {
  /** Message procedure in the callback form (payload starts with callbackID). */
  readonly proc: number;
  /** Message procedure in the legacy form (no callbackID), where one exists and we support it. */
  readonly legacyProc?: number;
  /** Decode the payload after the callbackID word. */
  readonly decode: (r: XdrReader, callbackID: Id) => E;
}

function decodeGraphicsAddress(r: XdrReader): GraphicsAddress {
  const family = r.int();
  const node = r.string();
  return { family, node, service: r.string() };
}

function decodeLifecycle(r: XdrReader, callbackID: number | null): DomainLifecycleEvent {
  const dom = decodeDomain(r);
  const event = r.int();
  const detail = r.int();
  return {
    kind: 'lifecycle',
    callbackID,
    dom,
    event,
    detail,
    eventName: lifecycleEventName(event),
    detailName: lifecycleDetailName(event, detail),
  };
}

const pmEvent =
  (kind: DomainPmEvent['kind']) =>
  (r: XdrReader, callbackID: number | null): DomainPmEvent => {
    // The PM events put `reason` before the domain.
    const reason = r.int();
    return { kind, callbackID, reason, dom: decodeDomain(r) };
  };

const deviceEvent =
  (kind: DomainDeviceEvent['kind']) =>
  (r: XdrReader, callbackID: number | null): DomainDeviceEvent => {
    const dom = decodeDomain(r);
    return { kind, callbackID, dom, devAlias: r.string() };
  };

const paramsEvent =
  (kind: DomainParamsEvent['kind']) =>
  (r: XdrReader, callbackID: number | null): DomainParamsEvent => {
    const dom = decodeDomain(r);
    return { kind, callbackID, dom, params: decodeTypedParamRecord(r) };
  };

const blockJobEvent = (r: XdrReader, callbackID: number | null): DomainBlockJobEvent => {
  const dom = decodeDomain(r);
  const disk = r.string();
  const type = r.int();
  return { kind: 'block-job', callbackID, dom, disk, type, status: r.int() };
};

const ioErrorEvent =
  (withReason: boolean) =>
  (r: XdrReader, callbackID: number | null): DomainIoErrorEvent => {
    const dom = decodeDomain(r);
    const srcPath = r.string();
    const devAlias = r.string();
    const action = r.int();
    return { kind: 'io-error', callbackID, dom, srcPath, devAlias, action, reason: withReason ? r.string() : null };
  };

/** Wire spec of every domain event id this client decodes. */
export const domainEventSpecs: { readonly [I in keyof DomainEventMap]: EventWireSpec<DomainEventMap[I]> } = {
  0: { proc: Proc.DOMAIN_EVENT_CALLBACK_LIFECYCLE, legacyProc: Proc.DOMAIN_EVENT_LIFECYCLE, decode: decodeLifecycle },
  1: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_REBOOT,
    legacyProc: Proc.DOMAIN_EVENT_REBOOT,
    decode: (r, callbackID) => ({ kind: 'reboot', callbackID, dom: decodeDomain(r) }),
  },
  2: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_RTC_CHANGE,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      return { kind: 'rtc-change', callbackID, dom, offset: r.hyper() };
    },
  },
  3: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_WATCHDOG,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      return { kind: 'watchdog', callbackID, dom, action: r.int() };
    },
  },
  4: { proc: Proc.DOMAIN_EVENT_CALLBACK_IO_ERROR, decode: ioErrorEvent(false) },
  5: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_GRAPHICS,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      const phase = r.int();
      const local = decodeGraphicsAddress(r);
      const remote = decodeGraphicsAddress(r);
      const authScheme = r.string();
      const subject = r.array((x) => {
        const type = x.string();
        return { type, name: x.string() };
      }, 8);
      return { kind: 'graphics', callbackID, dom, phase, local, remote, authScheme, subject };
    },
  },
  6: { proc: Proc.DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON, decode: ioErrorEvent(true) },
  7: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_CONTROL_ERROR,
    decode: (r, callbackID) => ({ kind: 'control-error', callbackID, dom: decodeDomain(r) }),
  },
  8: { proc: Proc.DOMAIN_EVENT_CALLBACK_BLOCK_JOB, decode: blockJobEvent },
  9: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_DISK_CHANGE,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      const oldSrcPath = decodeOptionalString(r);
      const newSrcPath = decodeOptionalString(r);
      const devAlias = r.string();
      return { kind: 'disk-change', callbackID, dom, oldSrcPath, newSrcPath, devAlias, reason: r.int() };
    },
  },
  10: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_TRAY_CHANGE,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      const devAlias = r.string();
      return { kind: 'tray-change', callbackID, dom, devAlias, reason: r.int() };
    },
  },
  11: { proc: Proc.DOMAIN_EVENT_CALLBACK_PMWAKEUP, decode: pmEvent('pm-wakeup') },
  12: { proc: Proc.DOMAIN_EVENT_CALLBACK_PMSUSPEND, decode: pmEvent('pm-suspend') },
  13: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      return { kind: 'balloon-change', callbackID, dom, actualKiB: r.uhyper() };
    },
  },
  14: { proc: Proc.DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK, decode: pmEvent('pm-suspend-disk') },
  15: { proc: Proc.DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED, decode: deviceEvent('device-removed') },
  16: { proc: Proc.DOMAIN_EVENT_BLOCK_JOB_2, decode: blockJobEvent },
  17: { proc: Proc.DOMAIN_EVENT_CALLBACK_TUNABLE, decode: paramsEvent('tunable') },
  18: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      const state = r.int();
      return { kind: 'agent-lifecycle', callbackID, dom, state, reason: r.int() };
    },
  },
  19: { proc: Proc.DOMAIN_EVENT_CALLBACK_DEVICE_ADDED, decode: deviceEvent('device-added') },
  20: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      return { kind: 'migration-iteration', callbackID, dom, iteration: r.int() };
    },
  },
  21: { proc: Proc.DOMAIN_EVENT_CALLBACK_JOB_COMPLETED, decode: paramsEvent('job-completed') },
  22: { proc: Proc.DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED, decode: deviceEvent('device-removal-failed') },
  23: {
    proc: Proc.DOMAIN_EVENT_CALLBACK_METADATA_CHANGE,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      const type = r.int();
      return { kind: 'metadata-change', callbackID, dom, type, nsuri: decodeOptionalString(r) };
    },
  },
  24: {
    proc: Proc.DOMAIN_EVENT_BLOCK_THRESHOLD,
    decode: (r, callbackID) => {
      const dom = decodeDomain(r);
      const dev = r.string();
      const path = decodeOptionalString(r);
      const threshold = r.uhyper();
      return { kind: 'block-threshold', callbackID, dom, dev, path, threshold, excess: r.uhyper() };
    },
  },
};

/** Wire spec of network LIFECYCLE. */
export const networkLifecycleSpec: EventWireSpec<NetworkLifecycleEventMessage, number> = {
  proc: Proc.NETWORK_EVENT_LIFECYCLE,
  decode: (r, callbackID) => {
    const net = decodeNetwork(r);
    const event = r.int();
    const detail = r.int();
    return { kind: 'network-lifecycle', callbackID, net, event, detail, eventName: nameOf(NetworkLifecycleEvent, event) };
  },
};

/** Wire specs of storage-pool LIFECYCLE and REFRESH. */
export const storagePoolEventSpecs: { readonly [id: number]: EventWireSpec<StoragePoolEventMessage, number> } = {
  [StoragePoolEventId.LIFECYCLE]: {
    proc: Proc.STORAGE_POOL_EVENT_LIFECYCLE,
    decode: (r, callbackID) => {
      const pool = decodeStoragePool(r);
      const event = r.int();
      const detail = r.int();
      return {
        kind: 'pool-lifecycle',
        callbackID,
        pool,
        event,
        detail,
        eventName: nameOf(StoragePoolLifecycleEvent, event),
      };
    },
  },
  [StoragePoolEventId.REFRESH]: {
    proc: Proc.STORAGE_POOL_EVENT_REFRESH,
    decode: (r, callbackID) => ({ kind: 'pool-refresh', callbackID, pool: decodeStoragePool(r) }),
  },
};
