import { ConnectFeature, connectSupportsFeature } from './connect';
import {
  DomainEventId,
  NetworkEventId,
  domainEventSpecs,
  networkLifecycleSpec,
  storagePoolEventSpecs,
  StoragePoolEventId,
  type DomainEventMap,
  type DomainLifecycleEvent,
  type EventWireSpec,
  type NetworkLifecycleEventMessage,
  type StoragePoolEventMessage,
} from './event-payloads';
import { QueuedSubscription, type EventSubscription } from './event-subscription';
import * as wire from './generated/remote-protocol.gen';
import { call, callWith, type ProcOptions } from './procedure-support';
import type { ProcedureSpec } from './protocol-spec';
import type { DomainRef, NetworkRef, StoragePoolRef } from './records';
import type { RpcChannel } from './rpc/channel';
import type { XdrReader } from './xdr';

export * from './event-payloads';
export type { EventSubscription, WaitOptions } from './event-subscription';

/**
 * Event registration and routing (libvirt-protocol.md §12, architecture convention 8).
 *
 * One router per channel installs one message handler per event procedure and routes each message
 * by (family, callbackID) to its subscription's queue. The first callbackID on a connection is 0,
 * so ids are only ever compared, never truth-tested. Events may arrive before the reply to the
 * registration that caused them, so messages for unknown ids are held while a registration is in
 * flight and handed over once its id is known.
 */

/** Options shared by every subscribe function. */
export interface SubscribeOptions<E> extends ProcOptions {
  /** Receive events through this callback instead of the async iterator. A throw ends the subscription. */
  readonly onEvent?: (event: E) => void;
  /** Queue bound for iterator consumers (default 10 000); overflowing ends the subscription with an error. */
  readonly maxQueued?: number;
}

/** Which domain events to receive. */
export interface DomainEventOptions<I extends keyof DomainEventMap> extends SubscribeOptions<DomainEventMap[I]> {
  readonly eventId: I;
  /** Only this domain; absent = all domains. */
  readonly dom?: DomainRef | null;
  /**
   * 'auto' (default) uses callback registration (316) when the daemon has feature 14 and the
   * legacy form (167, no callbackID, filtered here) otherwise; the other values force one.
   */
  readonly mode?: 'auto' | 'callback' | 'legacy';
}

type Family = 'domain' | 'network' | 'pool';

/** Deregistration per family; registration differs by target, so each subscribe function sends its own. */
const deregisterProcs: Record<Family, ProcedureSpec<{ readonly callbackID: number }, void>> = {
  domain: wire.connectDomainEventCallbackDeregisterAny,
  network: wire.connectNetworkEventDeregisterAny,
  pool: wire.connectStoragePoolEventDeregisterAny,
};

/** Sends a callback registration and resolves with the daemon's callbackID. */
type Register = (options: ProcOptions) => Promise<number>;

/** The registration replies are `{ int callbackID }`: the id is the whole payload. */
const callbackIdOf = (r: XdrReader): number => r.int();

/** Most messages held for registrations still in flight; more means something else is wrong. */
const MAX_ORPHANS = 1000;

interface Sink {
  deliver(event: unknown): void;
  fail(error: Error): void;
}

interface LegacyEntry {
  readonly sinks: Map<Sink, (event: unknown) => boolean>;
  readonly registered: Promise<void>;
  readonly releaseHandler: () => void;
}

class EventRouter {
  private callbackSupport: Promise<boolean> | null = null;
  private readonly sinks = new Map<string, Sink>();
  private readonly handlers = new Map<number, { off: () => void; users: number }>();
  private readonly orphans = new Map<string, unknown[]>();
  private orphanCount = 0;
  private pendingRegistrations = 0;
  private readonly legacy = new Map<number, LegacyEntry>();
  /** Last legacy deregistration per event id: a new registration waits for it (the daemon refuses duplicates). */
  private readonly legacyRelease = new Map<number, Promise<void>>();

  constructor(private readonly ch: RpcChannel) {}

  supportsCallbacks(): Promise<boolean> {
    this.callbackSupport ??= connectSupportsFeature(this.ch, ConnectFeature.REMOTE_EVENT_CALLBACK).catch((err: unknown) => {
      this.callbackSupport = null; // don't cache a transient failure
      throw err;
    });
    return this.callbackSupport;
  }

  /** Install (or share) the message handler for one procedure; returns its release function. */
  private retainHandler(proc: number, onPayload: (r: XdrReader) => void): () => void {
    let entry = this.handlers.get(proc);
    if (!entry) {
      entry = { off: this.ch.onMessage(wire.REMOTE_PROGRAM, proc, onPayload), users: 0 };
      this.handlers.set(proc, entry);
    }
    entry.users++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const current = this.handlers.get(proc);
      if (!current) return;
      if (--current.users === 0) {
        current.off();
        this.handlers.delete(proc);
      }
    };
  }

  private callbackHandler<E>(family: Family, spec: EventWireSpec<E, number>) {
    return (r: XdrReader) => {
      let callbackID: number;
      try {
        callbackID = r.int();
      } catch {
        return; // not even an id: nobody to tell; the client logs protocol errors
      }
      const key = `${family}:${callbackID}`;
      let event: E;
      try {
        event = spec.decode(r, callbackID);
        r.assertEnd(`event message ${spec.proc}`);
      } catch (err) {
        this.sinks.get(key)?.fail(new Error(`malformed event message ${spec.proc}: ${(err as Error).message}`));
        return;
      }
      const sink = this.sinks.get(key);
      if (sink) {
        sink.deliver(event);
      } else if (this.pendingRegistrations > 0 && this.orphanCount < MAX_ORPHANS) {
        // Possibly for a registration whose reply has not been processed yet (§19 pitfall 1).
        const held = this.orphans.get(key) ?? [];
        held.push(event);
        this.orphans.set(key, held);
        this.orphanCount++;
      }
    };
  }

  /** One registration finished (either way); held messages are only kept while some are in flight. */
  private registrationSettled(): void {
    if (--this.pendingRegistrations === 0) {
      this.orphans.clear();
      this.orphanCount = 0;
    }
  }

  async subscribeCallback<E>(
    family: Family,
    spec: EventWireSpec<E, number>,
    register: Register,
    sub: QueuedSubscription<E>,
    options: ProcOptions | undefined,
  ): Promise<void> {
    // The handler must exist before the registration is sent: events can beat the reply.
    const release = this.retainHandler(spec.proc, this.callbackHandler(family, spec));
    this.pendingRegistrations++;
    let callbackID: number;
    try {
      // No signal here: abandoning the call could leave a registration behind on the daemon.
      callbackID = await register({ timeoutMs: options?.timeoutMs });
    } catch (err) {
      this.registrationSettled();
      release();
      sub.fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
    const key = `${family}:${callbackID}`;
    const sink: Sink = { deliver: (e) => sub.deliver(e as E), fail: (e) => sub.fail(e) };
    const deregister = async () => {
      if (this.sinks.get(key) === sink) this.sinks.delete(key);
      release();
      await call(this.ch, deregisterProcs[family], { callbackID });
    };
    this.sinks.set(key, sink);
    sub.attach(callbackID, false, deregister);
    const held = this.orphans.get(key);
    if (held) {
      this.orphans.delete(key);
      this.orphanCount -= held.length;
      for (const event of held) sink.deliver(event);
    }
    this.registrationSettled();
    if (!sub.open) await deregister(); // closed (or aborted) while registering
  }

  async subscribeLegacy<E extends { readonly dom: DomainRef }>(
    eventId: number,
    spec: EventWireSpec<E>,
    dom: DomainRef | null,
    sub: QueuedSubscription<E>,
    options: ProcOptions | undefined,
  ): Promise<void> {
    const legacyProc = spec.legacyProc;
    if (legacyProc === undefined) {
      throw new Error(`domain event ${eventId} has no legacy form this client decodes; the daemon lacks callback events (feature 14)`);
    }
    let entry = this.legacy.get(eventId);
    if (!entry) {
      const sinks = new Map<Sink, (event: unknown) => boolean>();
      const releaseHandler = this.retainHandler(legacyProc, (r) => {
        let event: E;
        try {
          event = spec.decode(r, null);
          r.assertEnd(`event message ${legacyProc}`);
        } catch (err) {
          for (const s of sinks.keys()) s.fail(new Error(`malformed event message ${legacyProc}: ${(err as Error).message}`));
          return;
        }
        for (const [s, wants] of sinks) if (wants(event)) s.deliver(event);
      });
      const previousRelease = this.legacyRelease.get(eventId) ?? Promise.resolve();
      const registered = previousRelease.then(() =>
        call(this.ch, wire.connectDomainEventRegisterAny, { eventID: eventId }, { timeoutMs: options?.timeoutMs }),
      );
      entry = { sinks, registered, releaseHandler };
      this.legacy.set(eventId, entry);
    }
    const current: LegacyEntry = entry;
    const sink: Sink = { deliver: (e) => sub.deliver(e as E), fail: (e) => sub.fail(e) };
    const uuid = dom?.uuid;
    current.sinks.set(sink, (e) => uuid === undefined || (e as E).dom.uuid === uuid);
    const leave = async () => {
      current.sinks.delete(sink);
      if (current.sinks.size > 0 || this.legacy.get(eventId) !== current) return;
      this.legacy.delete(eventId);
      current.releaseHandler();
      const released = current.registered.then(() =>
        call(this.ch, wire.connectDomainEventDeregisterAny, { eventID: eventId }),
      );
      const settled = released.catch(() => undefined);
      this.legacyRelease.set(eventId, settled);
      void settled.then(() => {
        if (this.legacyRelease.get(eventId) === settled) this.legacyRelease.delete(eventId);
      });
      await released;
    };
    try {
      await current.registered;
    } catch (err) {
      await leave().catch(() => undefined);
      sub.fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
    sub.attach(null, true, leave);
    if (!sub.open) await leave();
  }

  /** End every subscription (connection closed); no deregistration calls are sent. */
  endAll(error: Error): void {
    for (const sink of this.sinks.values()) sink.fail(error);
    for (const entry of this.legacy.values()) for (const sink of entry.sinks.keys()) sink.fail(error);
    for (const handler of this.handlers.values()) handler.off();
    this.sinks.clear();
    this.legacy.clear();
    this.handlers.clear();
    this.orphans.clear();
    this.orphanCount = 0;
  }
}

const routers = new WeakMap<RpcChannel, EventRouter>();

function routerFor(ch: RpcChannel): EventRouter {
  let router = routers.get(ch);
  if (!router) {
    router = new EventRouter(ch);
    routers.set(ch, router);
  }
  return router;
}

/**
 * End every event subscription on a channel because its connection is gone. Subscribers see the
 * error from `next()`/`ended`. Call this from whoever owns the connection's lifetime.
 */
export function endEventSubscriptions(ch: RpcChannel, error: Error): void {
  routers.get(ch)?.endAll(error);
  routers.delete(ch);
}

/** Close the subscription when the signal aborts (and refuse to start if it already has). */
function bindSignal<E>(sub: QueuedSubscription<E>, signal: AbortSignal | undefined): void {
  if (!signal) return;
  const onAbort = () => void sub.close().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  void sub.ended.then(() => signal.removeEventListener('abort', onAbort));
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('event subscription aborted');
}

/** Subscribe to one kind of domain event. */
export async function subscribeDomainEvents<I extends keyof DomainEventMap>(
  ch: RpcChannel,
  options: DomainEventOptions<I>,
): Promise<EventSubscription<DomainEventMap[I]>> {
  const { eventId, signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const spec = domainEventSpecs[eventId] as EventWireSpec<DomainEventMap[I]> | undefined;
  if (!spec) throw new Error(`unknown domain event id ${String(eventId)}`);
  const router = routerFor(ch);
  const mode = options.mode ?? 'auto';
  const useCallbacks = mode === 'callback' || (mode === 'auto' && (await router.supportsCallbacks()));
  const sub = new QueuedSubscription<DomainEventMap[I]>(options.onEvent, options.maxQueued);
  bindSignal(sub, signal);
  const dom = options.dom ?? null;
  if (useCallbacks) {
    const register: Register = (o) => callWith(ch, wire.connectDomainEventCallbackRegisterAny, { eventID: eventId, dom }, callbackIdOf, o);
    await router.subscribeCallback('domain', spec, register, sub, options);
  } else {
    await router.subscribeLegacy(eventId, spec, dom, sub, options);
  }
  if (signal?.aborted) throw abortError(signal);
  return sub;
}

/** Subscribe to domain lifecycle events (DEFINED, STARTED, STOPPED, …). */
export function subscribeDomainLifecycle(
  ch: RpcChannel,
  options: Omit<DomainEventOptions<typeof DomainEventId.LIFECYCLE>, 'eventId'> = {},
): Promise<EventSubscription<DomainLifecycleEvent>> {
  return subscribeDomainEvents(ch, { ...options, eventId: DomainEventId.LIFECYCLE });
}

/** Which network events to receive. */
export interface NetworkEventOptions extends SubscribeOptions<NetworkLifecycleEventMessage> {
  /** Only this network; absent = all. */
  readonly net?: NetworkRef | null;
}

/** Subscribe to network lifecycle events (DEFINED, UNDEFINED, STARTED, STOPPED). */
export async function subscribeNetworkLifecycle(ch: RpcChannel, options: NetworkEventOptions = {}): Promise<EventSubscription<NetworkLifecycleEventMessage>> {
  if (options.signal?.aborted) throw abortError(options.signal);
  const sub = new QueuedSubscription<NetworkLifecycleEventMessage>(options.onEvent, options.maxQueued);
  bindSignal(sub, options.signal);
  const net = options.net ?? null;
  const register: Register = (o) => callWith(ch, wire.connectNetworkEventRegisterAny, { eventID: NetworkEventId.LIFECYCLE, net }, callbackIdOf, o);
  await routerFor(ch).subscribeCallback('network', networkLifecycleSpec, register, sub, options);
  if (options.signal?.aborted) throw abortError(options.signal);
  return sub;
}

/** Which storage-pool events to receive. */
export interface StoragePoolEventOptions extends SubscribeOptions<StoragePoolEventMessage> {
  /** `StoragePoolEventId`: LIFECYCLE (default) or REFRESH. */
  readonly eventId?: number;
  /** Only this pool; absent = all. */
  readonly pool?: StoragePoolRef | null;
}

/** Subscribe to storage-pool lifecycle or refresh events. */
export async function subscribeStoragePoolEvents(ch: RpcChannel, options: StoragePoolEventOptions = {}): Promise<EventSubscription<StoragePoolEventMessage>> {
  if (options.signal?.aborted) throw abortError(options.signal);
  const eventId = options.eventId ?? StoragePoolEventId.LIFECYCLE;
  const spec = storagePoolEventSpecs[eventId];
  if (!spec) throw new Error(`unknown storage pool event id ${eventId}`);
  const sub = new QueuedSubscription<StoragePoolEventMessage>(options.onEvent, options.maxQueued);
  bindSignal(sub, options.signal);
  const pool = options.pool ?? null;
  const register: Register = (o) => callWith(ch, wire.connectStoragePoolEventRegisterAny, { eventID: eventId, pool }, callbackIdOf, o);
  await routerFor(ch).subscribeCallback('pool', spec, register, sub, options);
  if (options.signal?.aborted) throw abortError(options.signal);
  return sub;
}
