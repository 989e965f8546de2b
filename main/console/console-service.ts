import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { ConsoleKind } from '../../common/contract/console-wire';
import { CONSOLE_CLOSE } from '../../common/contract/console-wire';
import type { OpenConsoleArgs, OpenedConsole } from '../../common/contract/console-schemas';
import { resolveInstance } from '../inventory/services';
import type { HostRecord, InstanceRecord } from '../inventory/model';
import type { InventoryStore } from '../inventory/repositories';
import { DomainState, DomainXmlFlags, isNoDomain, type ConnectLibvirtOptions, type DomainRef, type LibvirtConnection } from '../libvirt';
import { describeVncEndpoint, resolveSerialConsole, resolveVncEndpoint, type VncEndpoint } from './endpoint';
import { ConsoleUnavailableError } from './errors';
import { pipeConsole, type ConsoleProxy, type ProxyStats, type ViewerEnd } from './proxy';
import { openSerialConsole } from './serial';
import { ConsoleTokens } from './tokens';
import { hostRoute, openVncTunnel } from './tunnel';

/** How the console service reaches a host's libvirt. */
export interface ConsoleHostAccess {
  /** Run `work` on a connection to the host: its live session's connection, else a short-lived one. */
  withConnection<T>(host: HostRecord, work: (conn: LibvirtConnection) => Promise<T>): Promise<T>;
}

/** What the console service is built from. */
export interface ConsoleServiceOptions {
  readonly store: InventoryStore;
  readonly hosts: ConsoleHostAccess;
  /** The transport options host connections are dialled with (SSH prompts, key policy, pool): tunnels reuse them. */
  readonly connectOptions?: ConnectLibvirtOptions;
  /** Clock for tokens (ms since the epoch). */
  readonly now?: () => number;
  readonly log?: (message: string) => void;
  /** Bound of bytes queued towards one viewer (default 1 MiB). */
  readonly maxQueuedBytes?: number;
}

/** A viewer asking to connect with a token. */
export interface ConsoleConnectRequest {
  readonly token: string;
  /** The instance UUID the viewer means to show. */
  readonly instance: string;
  /** Who asks: the web mode contract session id, or the Electron web contents. */
  readonly viewerSession: string;
  /** For the action log. */
  readonly transport: 'web mode' | 'Electron';
}

/** Route details stored with a token (JSON, no secrets). */
interface TokenDetail {
  readonly hostId: string;
  readonly domainUuid: string;
  readonly endpoint?: VncEndpoint;
  readonly device?: string | null;
}

/** libvirt states in which a console can be shown: running, blocked, paused. */
const SHOWABLE_STATES: ReadonlySet<number> = new Set([DomainState.RUNNING, DomainState.BLOCKED, DomainState.PAUSED]);

/** Status words (as `nova list` prints them) for the libvirt states that have no console. */
const STOPPED_STATUS: Readonly<Record<number, string>> = {
  [DomainState.NOSTATE]: 'NOSTATE',
  [DomainState.SHUTDOWN]: 'SHUTOFF',
  [DomainState.SHUTOFF]: 'SHUTOFF',
  [DomainState.CRASHED]: 'CRASHED',
  [DomainState.PMSUSPENDED]: 'SUSPENDED',
};

/**
 * The console broker (nova-novncproxy + consoleauth): `open` checks that an instance's console can be shown, resolves
 * where it is from the live domain XML and issues a one-time token bound to the viewer; `connect` takes the token
 * back from the transport (web mode WebSocket, Electron port), opens the tunnel and pipes the bytes. Every console
 * session is recorded in the instance's action log.
 */
export class ConsoleService {
  readonly tokens: ConsoleTokens;
  private readonly proxies = new Set<ConsoleProxy>();
  private readonly log: (message: string) => void;

  constructor(private readonly options: ConsoleServiceOptions) {
    this.log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
    this.tokens = new ConsoleTokens(options.store, { ...(options.now === undefined ? {} : { now: options.now }), log: this.log });
  }

  /** Consoles being proxied now. */
  get active(): number {
    return this.proxies.size;
  }

  /** The byte counts of the consoles being proxied now (diagnostics; the memory-bound tests read `maxQueued`). */
  activeStats(): ProxyStats[] {
    return [...this.proxies].map((proxy) => ({ ...proxy.stats }));
  }

  /** Check the console can be shown and issue a token for `viewerSession`. */
  async open(args: OpenConsoleArgs, viewerSession: string | null): Promise<OpenedConsole> {
    if (viewerSession === null) throw new ConsoleUnavailableError('forbidden', 'Consoles open only in a Virt Deck window (Electron or web mode)');
    const { instance, host } = this.placement(args.ref);
    const route = hostRoute(host.uri, this.options.connectOptions);
    const resolved = await this.options.hosts.withConnection(host, async (conn) => {
      const dom = await this.liveDomain(conn, instance, host);
      const xml = await conn.domains.getXmlDesc(dom, { flags: DomainXmlFlags.SECURE });
      return { dom, xml };
    });
    let detail: TokenDetail;
    let description: string;
    let password: string | null = null;
    const domainUuid = resolved.dom.uuid;
    if (args.kind === 'vnc') {
      const vnc = resolveVncEndpoint(resolved.xml, { name: instance.name, route: route.route, hostName: host.name, hostAddress: route.address });
      detail = { hostId: host.id, domainUuid, endpoint: vnc.endpoint };
      description = `${describeVncEndpoint(vnc.endpoint)} on ${host.name}`;
      password = vnc.password;
    } else {
      const serial = resolveSerialConsole(resolved.xml, instance.name);
      detail = { hostId: host.id, domainUuid, device: serial.device };
      description = `serial console${serial.device === null ? '' : ` ${serial.device}`} on ${host.name}`;
    }
    const issued = this.tokens.issue({ instanceUuid: instance.uuid, kind: args.kind, detail: { ...detail } }, viewerSession);
    return {
      token: issued.token,
      kind: args.kind,
      expiresAt: issued.expiresAt.toISOString(),
      instance: { uuid: instance.uuid, name: instance.name },
      via: route.route === 'ssh' ? 'ssh' : 'direct',
      description,
      password,
    };
  }

  /**
   * Take a token back from a transport and start proxying to `viewer`. Throws ConsoleTokenRefusedError (refused and
   * logged) or ConsoleUnreachableError (the tunnel could not be opened); the transport closes the viewer with it.
   */
  async connect(request: ConsoleConnectRequest, viewer: ViewerEnd): Promise<ConsoleProxy> {
    const target = this.tokens.consume(request.token, { instanceUuid: request.instance, viewerSession: request.viewerSession });
    const detail = target.detail as unknown as TokenDetail;
    const { instance, host } = this.options.store.read((repos) => {
      const found = repos.instances.get(target.instanceUuid);
      const at = repos.hosts.get(detail.hostId);
      if (found === undefined || at === undefined) throw new ConsoleUnavailableError('not_found', 'The instance or its host was removed');
      return { instance: found, host: at };
    });
    const tunnel = await this.openTunnel(target.kind, detail, instance, host);
    const label = `the ${target.kind === 'vnc' ? 'display' : 'serial console'} of ${instance.name}`;
    const proxy = pipeConsole(tunnel, viewer, { label, ...(this.options.maxQueuedBytes === undefined ? {} : { maxQueuedBytes: this.options.maxQueuedBytes }) });
    this.proxies.add(proxy);
    const actionId = this.audit(instance, target.kind, request.transport);
    const started = Date.now();
    void proxy.closed.then(({ reason, stats }) => {
      this.proxies.delete(proxy);
      const seconds = Math.round((Date.now() - started) / 1000);
      this.finishAudit(actionId, `${target.kind === 'vnc' ? 'VNC' : 'serial'} console in ${request.transport}, closed after ${seconds} s: ${reason} (${stats.toViewer} bytes shown, ${stats.fromViewer} bytes typed)`);
    });
    return proxy;
  }

  /** Close every console (shutdown). */
  closeAll(reason: string): void {
    for (const proxy of [...this.proxies]) proxy.close(CONSOLE_CLOSE.GOING_AWAY, reason);
  }

  private placement(ref: string): { instance: InstanceRecord; host: HostRecord } {
    return this.options.store.read((repos) => {
      const instance = resolveInstance(repos, ref);
      if (instance.vmState === 'deleted') throw new ConsoleUnavailableError('conflict', `${instance.name} is deleted`);
      const host = instance.hostId === null ? undefined : repos.hosts.get(instance.hostId);
      if (host === undefined) throw new ConsoleUnavailableError('conflict', `${instance.name} is not on a host yet (${instance.vmState})`);
      if (host.status === 'down') {
        throw new ConsoleUnavailableError('unavailable', `Host ${host.name} is down${host.statusReason ? ` (${host.statusReason})` : ''}: the console of ${instance.name} cannot be reached`);
      }
      return { instance, host };
    });
  }

  /** The instance's domain, running (or paused): the only states with a console to show. */
  private async liveDomain(conn: LibvirtConnection, instance: InstanceRecord, host: HostRecord): Promise<DomainRef> {
    let dom: DomainRef;
    try {
      if (instance.libvirtDomainUuid !== null) dom = await conn.domains.lookupByUuid(instance.libvirtDomainUuid);
      else if (instance.libvirtDomainName !== null) dom = await conn.domains.lookupByName(instance.libvirtDomainName);
      else throw new ConsoleUnavailableError('conflict', `${instance.name} has no domain on ${host.name} yet (${instance.vmState})`);
    } catch (error) {
      if (isNoDomain(error)) throw new ConsoleUnavailableError('conflict', `The domain of ${instance.name} no longer exists on ${host.name}`);
      throw error;
    }
    const { state } = await conn.domains.getState(dom);
    if (!SHOWABLE_STATES.has(state)) throw new ConsoleUnavailableError('conflict', `${instance.name} is not running (${STOPPED_STATUS[state] ?? `state ${state}`})`);
    return dom;
  }

  private openTunnel(kind: ConsoleKind, detail: TokenDetail, instance: InstanceRecord, host: HostRecord): Promise<Duplex> {
    if (kind === 'vnc') {
      if (detail.endpoint === undefined) throw new ConsoleUnavailableError('conflict', 'The console token carries no endpoint');
      return openVncTunnel(hostRoute(host.uri, this.options.connectOptions), detail.endpoint, host.name);
    }
    return openSerialConsole(
      { uri: host.uri, hostName: host.name, domainUuid: detail.domainUuid, instanceName: instance.name, device: detail.device ?? null },
      this.options.connectOptions,
    );
  }

  private audit(instance: InstanceRecord, kind: ConsoleKind, transport: string): number | null {
    try {
      return this.options.store.write((repos) => {
        const action = repos.instanceActions.start({ instanceUuid: instance.uuid, requestId: `req-${randomUUID()}`, action: 'console', projectId: instance.projectId });
        return action.id;
      });
    } catch (error) {
      // The console works without its log line; say why the line is missing.
      this.log(`virt-deck: could not record the ${kind} console of ${instance.name} (${transport}): ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private finishAudit(actionId: number | null, message: string): void {
    if (actionId === null) return;
    try {
      this.options.store.write((repos) => repos.instanceActions.finish(actionId, message));
    } catch {
      // The database may be closing with the app.
    }
  }
}
