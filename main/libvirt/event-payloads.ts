import type {
  LifecycleEvent} from './generated/libvirt-api.gen';
import {
  CrashedDetail,
  DefinedDetail,
  LifecycleEventNames,
  NetworkLifecycleEventNames,
  PMSuspendedDetail,
  ResumedDetail,
  ShutdownDetail,
  StartedDetail,
  StoragePoolLifecycleEventNames,
  StoppedDetail,
  SuspendedDetail,
  UndefinedDetail,
} from './generated/libvirt-api.gen';
import * as wire from './generated/remote-protocol.gen';
import type { EventMessageSpec } from './protocol-spec';
import type { DomainRef } from './records';
import type { XdrReader } from './xdr';

/**
 * What subscribers receive for each event (libvirt-protocol.md §11.13, §12). The payload layouts
 * and decoders are generated from remote_protocol.x; this module pairs each event id with its
 * message procedures, gives every event a `kind`, and names lifecycle events and details.
 */

export {
  DomainEventId,
  LifecycleEvent,
  NetworkEventId,
  NetworkLifecycleEvent,
  StoragePoolEventId,
  StoragePoolLifecycleEvent,
} from './generated/libvirt-api.gen';

/** Lifecycle event name ("STARTED"). */
export type LifecycleEventName = keyof typeof LifecycleEvent;

/** Detail values per lifecycle event type (`virDomainEvent<Type>DetailType`). */
export const LifecycleDetail = {
  DEFINED: DefinedDetail,
  UNDEFINED: UndefinedDetail,
  STARTED: StartedDetail,
  SUSPENDED: SuspendedDetail,
  RESUMED: ResumedDetail,
  STOPPED: StoppedDetail,
  SHUTDOWN: ShutdownDetail,
  PMSUSPENDED: PMSuspendedDetail,
  CRASHED: CrashedDetail,
} as const satisfies Record<LifecycleEventName, Record<string, number>>;

/** Name of a lifecycle event number, or "UNKNOWN(n)" for one newer than this code. */
export function lifecycleEventName(event: number): string {
  return LifecycleEventNames[event] ?? `UNKNOWN(${event})`;
}

/** Name of a lifecycle detail number for its event, or "UNKNOWN(n)". */
export function lifecycleDetailName(event: number, detail: number): string {
  const table: Readonly<Record<string, number>> | undefined = (LifecycleDetail as Readonly<Record<string, Readonly<Record<string, number>>>>)[lifecycleEventName(event)];
  if (table !== undefined) for (const key in table) if (table[key] === detail) return key;
  return `UNKNOWN(${detail})`;
}

/** Fields every domain event carries. `callbackID` is null for the legacy (pre-1.2.1) form. */
export interface DomainEventBase {
  readonly callbackID: number | null;
  readonly dom: DomainRef;
}

/** An event as delivered: its kind, the callbackID it came under, and its generated payload. */
type Event<K extends string, P> = { readonly kind: K; readonly callbackID: number | null } & P;

/** LIFECYCLE (318 / legacy 107), with the event and detail named. */
export type DomainLifecycleEvent = Event<'lifecycle', wire.DomainEventCallbackLifecyclePayload> & { readonly eventName: string; readonly detailName: string };
/** REBOOT (319 / legacy 169). */
export type DomainRebootEvent = Event<'reboot', wire.DomainEventCallbackRebootPayload>;
/** RTC_CHANGE (320): guest clock offset in seconds. */
export type DomainRtcChangeEvent = Event<'rtc-change', wire.DomainEventCallbackRtcChangePayload>;
/** WATCHDOG (321). */
export type DomainWatchdogEvent = Event<'watchdog', wire.DomainEventCallbackWatchdogPayload>;
/** IO_ERROR (322). */
export type DomainIoErrorEvent = Event<'io-error', wire.DomainEventCallbackIoErrorPayload>;
/** GRAPHICS (323): a VNC/SPICE client connected (phase 0), authenticated (1) or disconnected (2). */
export type DomainGraphicsEvent = Event<'graphics', wire.DomainEventCallbackGraphicsPayload>;
/** IO_ERROR_REASON (324). */
export type DomainIoErrorReasonEvent = Event<'io-error-reason', wire.DomainEventCallbackIoErrorReasonPayload>;
/** CONTROL_ERROR (325). */
export type DomainControlErrorEvent = Event<'control-error', wire.DomainEventCallbackControlErrorPayload>;
/** BLOCK_JOB (326): `path` is the disk's source path. */
export type DomainBlockJobEvent = Event<'block-job', wire.DomainEventCallbackBlockJobPayload>;
/** DISK_CHANGE (327). */
export type DomainDiskChangeEvent = Event<'disk-change', wire.DomainEventCallbackDiskChangePayload>;
/** TRAY_CHANGE (328). */
export type DomainTrayChangeEvent = Event<'tray-change', wire.DomainEventCallbackTrayChangePayload>;
/** PMWAKEUP (329), PMSUSPEND (330), PMSUSPEND_DISK (332). */
export type DomainPmEvent = Event<'pm-wakeup' | 'pm-suspend' | 'pm-suspend-disk', wire.DomainEventCallbackPmwakeupPayload>;
/** BALLOON_CHANGE (331): `actual` in KiB. */
export type DomainBalloonChangeEvent = Event<'balloon-change', wire.DomainEventCallbackBalloonChangePayload>;
/** DEVICE_REMOVED (333), DEVICE_ADDED (354), DEVICE_REMOVAL_FAILED (367). */
export type DomainDeviceEvent = Event<'device-removed' | 'device-added' | 'device-removal-failed', wire.DomainEventCallbackDeviceRemovedPayload>;
/** BLOCK_JOB_2 (339): `dst` is the disk's target name. */
export type DomainBlockJob2Event = Event<'block-job-2', wire.DomainEventBlockJob2Payload>;
/** TUNABLE (346) and JOB_COMPLETED (363): typed parameters. */
export type DomainParamsEvent = Event<'tunable' | 'job-completed', wire.DomainEventCallbackTunablePayload>;
/** AGENT_LIFECYCLE (348): `state` 1 connected, 2 disconnected. */
export type DomainAgentLifecycleEvent = Event<'agent-lifecycle', wire.DomainEventCallbackAgentLifecyclePayload>;
/** MIGRATION_ITERATION (359). */
export type DomainMigrationIterationEvent = Event<'migration-iteration', wire.DomainEventCallbackMigrationIterationPayload>;
/** METADATA_CHANGE (379). */
export type DomainMetadataChangeEvent = Event<'metadata-change', wire.DomainEventCallbackMetadataChangePayload>;
/** BLOCK_THRESHOLD (385). */
export type DomainBlockThresholdEvent = Event<'block-threshold', wire.DomainEventBlockThresholdPayload>;

/** Domain event type per event id. */
export interface DomainEventMap {
  0: DomainLifecycleEvent;
  1: DomainRebootEvent;
  2: DomainRtcChangeEvent;
  3: DomainWatchdogEvent;
  4: DomainIoErrorEvent;
  5: DomainGraphicsEvent;
  6: DomainIoErrorReasonEvent;
  7: DomainControlErrorEvent;
  8: DomainBlockJobEvent;
  9: DomainDiskChangeEvent;
  10: DomainTrayChangeEvent;
  11: DomainPmEvent;
  12: DomainPmEvent;
  13: DomainBalloonChangeEvent;
  14: DomainPmEvent;
  15: DomainDeviceEvent;
  16: DomainBlockJob2Event;
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
export type NetworkLifecycleEventMessage = Event<'network-lifecycle', wire.NetworkEventLifecyclePayload> & { readonly callbackID: number; readonly eventName: string };

/** Storage-pool LIFECYCLE (370) and REFRESH (371). */
export type StoragePoolEventMessage =
  | (Event<'pool-lifecycle', wire.StoragePoolEventLifecyclePayload> & { readonly callbackID: number; readonly eventName: string })
  | (Event<'pool-refresh', wire.StoragePoolEventRefreshPayload> & { readonly callbackID: number });

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

/** The subscriber's form of a generated event message: its kind and callbackID in front of the payload. */
function kindOf<K extends string, P extends object>(kind: K, message: EventMessageSpec<P>) {
  const decode = message.decode;
  return (r: XdrReader, callbackID: number | null): Event<K, P> => ({ kind, callbackID, ...decode(r) });
}

/** One spec for an event id whose callback and legacy messages carry the same payload. */
function spec<E>(message: EventMessageSpec<unknown>, decode: (r: XdrReader, callbackID: number | null) => E, legacy?: EventMessageSpec<unknown>): EventWireSpec<E> {
  return legacy === undefined ? { proc: message.proc, decode } : { proc: message.proc, legacyProc: legacy.proc, decode };
}

function decodeLifecycle(r: XdrReader, callbackID: number | null): DomainLifecycleEvent {
  const payload = wire.decodeDomainEventCallbackLifecyclePayload(r);
  const { event, detail } = payload;
  return { kind: 'lifecycle', callbackID, ...payload, eventName: lifecycleEventName(event), detailName: lifecycleDetailName(event, detail) };
}

/** Wire spec of every domain event id this client decodes. */
export const domainEventSpecs: { readonly [I in keyof DomainEventMap]: EventWireSpec<DomainEventMap[I]> } = {
  0: spec(wire.domainEventCallbackLifecycle, decodeLifecycle, wire.domainEventLifecycle),
  1: spec(wire.domainEventCallbackReboot, kindOf('reboot', wire.domainEventCallbackReboot), wire.domainEventReboot),
  2: spec(wire.domainEventCallbackRtcChange, kindOf('rtc-change', wire.domainEventCallbackRtcChange)),
  3: spec(wire.domainEventCallbackWatchdog, kindOf('watchdog', wire.domainEventCallbackWatchdog)),
  4: spec(wire.domainEventCallbackIoError, kindOf('io-error', wire.domainEventCallbackIoError)),
  5: spec(wire.domainEventCallbackGraphics, kindOf('graphics', wire.domainEventCallbackGraphics)),
  6: spec(wire.domainEventCallbackIoErrorReason, kindOf('io-error-reason', wire.domainEventCallbackIoErrorReason)),
  7: spec(wire.domainEventCallbackControlError, kindOf('control-error', wire.domainEventCallbackControlError)),
  8: spec(wire.domainEventCallbackBlockJob, kindOf('block-job', wire.domainEventCallbackBlockJob)),
  9: spec(wire.domainEventCallbackDiskChange, kindOf('disk-change', wire.domainEventCallbackDiskChange)),
  10: spec(wire.domainEventCallbackTrayChange, kindOf('tray-change', wire.domainEventCallbackTrayChange)),
  11: spec(wire.domainEventCallbackPmwakeup, kindOf('pm-wakeup', wire.domainEventCallbackPmwakeup)),
  12: spec(wire.domainEventCallbackPmsuspend, kindOf('pm-suspend', wire.domainEventCallbackPmsuspend)),
  13: spec(wire.domainEventCallbackBalloonChange, kindOf('balloon-change', wire.domainEventCallbackBalloonChange)),
  14: spec(wire.domainEventCallbackPmsuspendDisk, kindOf('pm-suspend-disk', wire.domainEventCallbackPmsuspendDisk)),
  15: spec(wire.domainEventCallbackDeviceRemoved, kindOf('device-removed', wire.domainEventCallbackDeviceRemoved)),
  16: spec(wire.domainEventBlockJob2, kindOf('block-job-2', wire.domainEventBlockJob2)),
  17: spec(wire.domainEventCallbackTunable, kindOf('tunable', wire.domainEventCallbackTunable)),
  18: spec(wire.domainEventCallbackAgentLifecycle, kindOf('agent-lifecycle', wire.domainEventCallbackAgentLifecycle)),
  19: spec(wire.domainEventCallbackDeviceAdded, kindOf('device-added', wire.domainEventCallbackDeviceAdded)),
  20: spec(wire.domainEventCallbackMigrationIteration, kindOf('migration-iteration', wire.domainEventCallbackMigrationIteration)),
  21: spec(wire.domainEventCallbackJobCompleted, kindOf('job-completed', wire.domainEventCallbackJobCompleted)),
  22: spec(wire.domainEventCallbackDeviceRemovalFailed, kindOf('device-removal-failed', wire.domainEventCallbackDeviceRemovalFailed)),
  23: spec(wire.domainEventCallbackMetadataChange, kindOf('metadata-change', wire.domainEventCallbackMetadataChange)),
  24: spec(wire.domainEventBlockThreshold, kindOf('block-threshold', wire.domainEventBlockThreshold)),
};

/** Wire spec of network LIFECYCLE. */
export const networkLifecycleSpec: EventWireSpec<NetworkLifecycleEventMessage, number> = {
  proc: wire.networkEventLifecycle.proc,
  decode: (r, callbackID) => {
    const payload = wire.decodeNetworkEventLifecyclePayload(r);
    return { kind: 'network-lifecycle', callbackID, ...payload, eventName: NetworkLifecycleEventNames[payload.event] ?? `UNKNOWN(${payload.event})` };
  },
};

/** Wire specs of storage-pool LIFECYCLE and REFRESH, by storage-pool event id. */
export const storagePoolEventSpecs: { readonly [id: number]: EventWireSpec<StoragePoolEventMessage, number> } = {
  0: {
    proc: wire.storagePoolEventLifecycle.proc,
    decode: (r, callbackID) => {
      const payload = wire.decodeStoragePoolEventLifecyclePayload(r);
      return { kind: 'pool-lifecycle', callbackID, ...payload, eventName: StoragePoolLifecycleEventNames[payload.event] ?? `UNKNOWN(${payload.event})` };
    },
  },
  1: { proc: wire.storagePoolEventRefresh.proc, decode: (r, callbackID) => ({ kind: 'pool-refresh', callbackID, ...wire.decodeStoragePoolEventRefreshPayload(r) }) },
};
