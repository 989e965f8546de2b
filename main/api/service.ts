// The service facade: the only door into main. Electron IPC, the web mode WebSocket and in-process callers all go
// through `call()`, which validates the arguments against the contract, runs the handler, validates the result
// and turns every failure into `{code, message}` data.
import type { z } from 'zod';
import type { CallResult, ErrorInfo } from '../../common/contract/errors';
import type { ChannelSpec, ContractShape, EventsShape } from '../../common/contract/spec';
import { mapError } from './errors';

/** Who is calling; handlers may use it for logging or to refuse a transport. */
export interface CallContext {
  readonly transport: 'electron-ipc' | 'websocket' | 'in-process';
  /**
   * The viewer (one Electron window's page, one web mode connection) the call came from, as {@link
   * ServiceEndpoint.openViewer} named it: what a handler keeps per viewer (a stats watch) is keyed by it, and events
   * for that viewer alone go there. Absent for in-process callers.
   */
  readonly viewer?: string | undefined;
  /**
   * The window that calls: the web mode contract connection's session id, or the Electron web contents. Consoles are
   * bound to it (a console token works only for the viewer that asked for it). Absent in-process.
   */
  readonly viewerSession?: string;
}

/** A handler: receives validated arguments, returns (or resolves to) data the result schema accepts. */
export type Handler<S extends ChannelSpec> = (
  args: z.output<S['args']>,
  context: CallContext,
) => z.input<S['result']> | Promise<z.input<S['result']>>;

/** One handler per channel: a missing handler is a compile error. */
export type Handlers<C extends ContractShape> = { readonly [K in keyof C]: Handler<C[K]> };

/** Receives events main emits. */
export type EventListener = (event: string, payload: unknown) => void;

/** One viewer's registration: its id (for {@link CallContext.viewer}) and how it ends. */
export interface ViewerHandle {
  readonly id: string;
  /** The viewer is gone (connection closed, window destroyed or reloaded): what was kept for it is dropped. Idempotent. */
  close(): void;
}

/** What a transport (Electron IPC, the WebSocket endpoint) needs of the facade: untyped input, data out. */
export interface ServiceEndpoint {
  /** Every channel name, for transports that register them one by one (Electron IPC). */
  readonly channels: readonly string[];
  /** Run a call end to end: validate, handle, validate the result. Never rejects. */
  call(channel: string, args: unknown, context: CallContext): Promise<CallResult<unknown>>;
  /** Subscribe to the events broadcast to everybody; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /**
   * Register a viewer: `listener` receives the events emitted to that viewer alone ({@link Service.emitTo}), never the
   * broadcasts (a transport subscribes to those separately). Calls made for it pass the handle's id as
   * `context.viewer`.
   */
  openViewer(listener: EventListener): ViewerHandle;
}

/** The facade over one contract; main's own code also emits events through it. */
export interface Service<C extends ContractShape, E extends EventsShape> extends ServiceEndpoint {
  readonly channels: readonly (keyof C & string)[];
  /** Publish an event to every subscriber (after validating its payload: a bad payload is a bug in main). */
  emit<K extends keyof E & string>(event: K, payload: z.input<E[K]>): void;
  /** Send an event to one viewer only (validated as {@link emit}); false when that viewer is gone. */
  emitTo<K extends keyof E & string>(viewer: string, event: K, payload: z.input<E[K]>): boolean;
  /** Be told when a viewer closes; returns the unsubscribe function. */
  onViewerClosed(listener: (viewer: string) => void): () => void;
  /** Whether a viewer is open (a call can still be running when its connection closes). */
  hasViewer(viewer: string): boolean;
  /** How many subscribers broadcast events reach now (a window, web mode tabs): with none, nobody can answer a prompt. */
  subscriberCount(): number;
}

/** Where the facade reports what the caller must not see: stacks of unexpected errors, broken results. */
export interface ServiceOptions {
  readonly log?: (message: string) => void;
}

/** Build the facade over a contract, its events and one handler per channel. */
export function createService<C extends ContractShape, E extends EventsShape>(
  spec: { readonly contract: C; readonly events: E },
  handlers: Handlers<C>,
  options: ServiceOptions = {},
): Service<C, E> {
  const log = options.log ?? ((message: string) => console.error(message));
  const listeners = new Set<EventListener>();
  const viewers = new Map<string, EventListener>();
  const viewerClosedListeners = new Set<(viewer: string) => void>();
  // Numbers viewer ids (not how many are open: `viewers.size` is that).
  let viewerSequence = 0;
  const channels = Object.keys(spec.contract) as (keyof C & string)[];

  async function call(channel: string, args: unknown, context: CallContext): Promise<CallResult<unknown>> {
    // Object.hasOwn: a renderer-chosen name like "__proto__" or "toString" must not reach inherited properties.
    if (typeof channel !== 'string' || !Object.hasOwn(spec.contract, channel)) {
      return failure({ code: 'unknown_channel', message: `Unknown channel ${JSON.stringify(String(channel)).slice(0, 140)}` });
    }
    const channelSpec = spec.contract[channel] as ChannelSpec;
    const handler = handlers[channel as keyof C] as (args: unknown, context: CallContext) => unknown;

    const parsedArgs = channelSpec.args.safeParse(args);
    if (!parsedArgs.success) {
      return failure({ code: 'invalid_args', message: `Invalid arguments for ${channel}: ${describeIssues(parsedArgs.error)}` });
    }

    let value: unknown;
    try {
      value = await handler(parsedArgs.data, context);
    } catch (error) {
      const mapped = mapError(error, channel);
      if (!mapped.expected) log(`virt-deck: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure(mapped.info);
    }

    // Parsing the result also strips anything the schema does not name, so internal fields never leak out.
    const parsedResult = channelSpec.result.safeParse(value);
    if (!parsedResult.success) {
      log(`virt-deck: ${channel} returned a result that breaks the contract: ${describeIssues(parsedResult.error)}`);
      return failure({ code: 'internal', message: `Internal error in ${channel}: the result did not match the contract` });
    }
    return { ok: true, value: parsedResult.data };
  }

  function validEvent(event: string, payload: unknown): unknown {
    const schema = spec.events[event];
    if (schema === undefined) throw new Error(`Unknown event ${event}`);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new Error(`Event ${event} has an invalid payload: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }

  function deliver(listener: EventListener, event: string, payload: unknown): void {
    try {
      listener(event, payload);
    } catch (error) {
      // One broken subscriber (a closed window, a dead socket) must not starve the others.
      log(`virt-deck: a listener of ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function emit<K extends keyof E & string>(event: K, payload: z.input<E[K]>): void {
    const data = validEvent(event, payload);
    for (const listener of [...listeners]) deliver(listener, event, data);
  }

  function emitTo<K extends keyof E & string>(viewer: string, event: K, payload: z.input<E[K]>): boolean {
    const data = validEvent(event, payload);
    const listener = viewers.get(viewer);
    if (listener === undefined) return false;
    deliver(listener, event, data);
    return true;
  }

  function subscribe(listener: EventListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function openViewer(listener: EventListener): ViewerHandle {
    const id = `viewer-${++viewerSequence}`;
    viewers.set(id, listener);
    return {
      id,
      close() {
        if (!viewers.delete(id)) return;
        for (const closed of [...viewerClosedListeners]) {
          try {
            closed(id);
          } catch (error) {
            log(`virt-deck: a viewer-closed listener failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      },
    };
  }

  function onViewerClosed(listener: (viewer: string) => void): () => void {
    viewerClosedListeners.add(listener);
    return () => viewerClosedListeners.delete(listener);
  }

  return { channels, call, emit, emitTo, subscribe, openViewer, onViewerClosed, hasViewer: (viewer) => viewers.has(viewer), subscriberCount: () => listeners.size };
}

/** One line naming each failed field: `name: Expected string, received number; "x": Unrecognized key`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function failure(error: ErrorInfo): CallResult<never> {
  return { ok: false, error };
}
