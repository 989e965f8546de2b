// The Networks column: guest addresses as libvirt knows them without a guest agent — the DHCP leases of libvirt's
// own networks, then the host's ARP table — keyed by the libvirt network each interface is plugged into, as nova
// keys `addresses` by network label.
import { InterfaceAddressesSource, IpAddrType, isLibvirtError, isNoDomain, isOperationInvalid, type DomainInterface, type DomainRef, type LibvirtConnection } from '../libvirt';
import type { InstanceRecord } from '../inventory/model';
import type { InventoryRepositories, InventoryStore } from '../inventory/repositories';
import { PowerStateCode } from '../compute/states/power-state';
import { DomainXml, isXmlError, NetworkXml } from '../xml';

/** One guest address, as stored in `instances.addresses`. */
export interface InstanceAddress {
  readonly addr: string;
  readonly type: 'ipv4' | 'ipv6';
  /** The interface's MAC address (null when the driver did not say). */
  readonly mac: string | null;
}

/** `instances.addresses`: network name → its addresses. */
export type InstanceAddresses = Readonly<Record<string, readonly InstanceAddress[]>>;

/** A domain's interfaces: MAC → the network (or bridge) each is plugged into, and the libvirt networks among them. */
interface DomainNetworks {
  readonly byMac: ReadonlyMap<string, string>;
  readonly networks: readonly string[];
}

const SOURCES = [
  { source: InterfaceAddressesSource.LEASE, name: 'DHCP leases' },
  { source: InterfaceAddressesSource.ARP, name: 'the ARP table' },
] as const;

/**
 * Asks one host connection for guest addresses. A source the host cannot answer (no support, no agent, a sandbox
 * without netlink: "wrong nlmsg len") is remembered and not asked again on this connection, so a driver without it
 * costs one log line per connection rather than an error per refresh. Each domain's MAC → network map comes from its
 * XML once and is kept until {@link forget} (a redefinition may replug interfaces).
 */
export class AddressProbe {
  private readonly refused = new Set<number>();
  private readonly networks = new Map<string, DomainNetworks>();
  /** Test driver only: whether each libvirt network has an `<ip>` (see {@link crashesTestDriver}). */
  private readonly networkHasIp = new Map<string, boolean>();

  constructor(
    private readonly conn: LibvirtConnection,
    private readonly hostName: string,
    private readonly log: (message: string) => void,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Whether every source was refused: asking is pointless on this connection. */
  get exhausted(): boolean {
    return SOURCES.every(({ source }) => this.refused.has(source));
  }

  /** Drop what is known about a domain's interfaces (after it was defined again or undefined). */
  forget(domainUuid: string): void {
    this.networks.delete(domainUuid);
    // A (re)definition may plug into a network that got an address since: ask the networks again too (test driver).
    this.networkHasIp.clear();
  }

  /**
   * The domain's addresses now: leases first, the ARP table when leases gave none. Null when nothing could be asked
   * (every source refused) or the domain is gone or no longer running — leave the stored value alone then.
   */
  async addresses(dom: DomainRef): Promise<InstanceAddresses | null> {
    if (await this.crashesTestDriver(dom)) return {};
    let asked = false;
    for (const { source, name } of SOURCES) {
      if (this.refused.has(source)) continue;
      let interfaces: DomainInterface[];
      try {
        interfaces = await this.conn.domains.interfaceAddresses(dom, { source, timeoutMs: this.timeoutMs });
      } catch (error) {
        if (isNoDomain(error) || isOperationInvalid(error)) return null;
        // Only the daemon's own refusals mean "not here"; a lost connection or a timeout is the caller's to report.
        if (!isLibvirtError(error)) throw error;
        // Calls for other guests were in flight with this one: the note is written once.
        if (this.refused.has(source)) continue;
        this.refused.add(source);
        this.log(`host ${this.hostName}: guest addresses from ${name} are not available here (${error.serverMessage ?? error.message}); not asked again on this connection`);
        continue;
      }
      asked = true;
      if (interfaces.some((iface) => iface.addrs.length > 0)) return this.byNetwork(dom, interfaces);
    }
    return asked ? {} : null;
  }

  private async byNetwork(dom: DomainRef, interfaces: readonly DomainInterface[]): Promise<InstanceAddresses> {
    const networks = (await this.networksOf(dom)).byMac;
    const out: Record<string, InstanceAddress[]> = {};
    for (const iface of interfaces) {
      if (iface.addrs.length === 0) continue;
      const mac = iface.hwaddr?.toLowerCase() ?? null;
      const network = (mac !== null ? networks.get(mac) : undefined) ?? iface.name;
      const list = (out[network] ??= []);
      for (const ip of iface.addrs) list.push({ addr: ip.addr, type: ip.type === IpAddrType.IPV6 ? 'ipv6' : 'ipv4', mac });
    }
    return out;
  }

  /**
   * libvirt 9.0's test driver (`testDomainInterfaceAddresses`) reads the first `<ip>` of an interface's network
   * without checking there is one: asking for a domain plugged into a network without an address segfaults the whole
   * daemon (every host on it goes down). Such a domain has no address to report anyway, so it is not asked.
   */
  private async crashesTestDriver(dom: DomainRef): Promise<boolean> {
    if (!this.conn.driverUri.startsWith('test:')) return false;
    for (const name of (await this.networksOf(dom)).networks) {
      let hasIp = this.networkHasIp.get(name);
      if (hasIp === undefined) {
        try {
          const xml = NetworkXml.parse(await this.conn.networks.getXmlDesc(await this.conn.networks.lookupByName(name, { timeoutMs: this.timeoutMs }), { timeoutMs: this.timeoutMs }));
          hasIp = xml.ips.length > 0;
        } catch (error) {
          // A bridge rather than a network, or a network that is gone: nothing the driver would dereference.
          if (!isLibvirtError(error) && !isXmlError(error)) throw error;
          hasIp = true;
        }
        this.networkHasIp.set(name, hasIp);
      }
      if (!hasIp) return true;
    }
    return false;
  }

  /** What the domain's XML says its interfaces are plugged into. */
  private async networksOf(dom: DomainRef): Promise<DomainNetworks> {
    const cached = this.networks.get(dom.uuid);
    if (cached !== undefined) return cached;
    const byMac = new Map<string, string>();
    const networks = new Set<string>();
    try {
      const xml = DomainXml.parse(await this.conn.domains.getXmlDesc(dom, { timeoutMs: this.timeoutMs }));
      for (const iface of xml.interfaces.all()) {
        if (iface.sourceNetwork !== null) networks.add(iface.sourceNetwork);
        const network = iface.sourceNetwork ?? iface.sourceBridge;
        if (iface.mac !== null && network !== null) byMac.set(iface.mac.toLowerCase(), network);
      }
    } catch (error) {
      // Without the XML the interface names stand in for networks; a vanished domain is caught at the next look.
      if (!isXmlError(error) && !isNoDomain(error)) throw error;
    }
    const found = { byMac, networks: [...networks] };
    this.networks.set(dom.uuid, found);
    return found;
  }
}

/**
 * Ask for the addresses of every running instance on the host and record those that changed, in one transaction.
 * Returns how many rows changed.
 */
export async function refreshAddresses(probe: AddressProbe, store: InventoryStore, hostId: string, only?: ReadonlySet<string>): Promise<number> {
  if (probe.exhausted) return 0;
  const running = store
    .read((repos) => repos.instances.syncRowsOnHost(hostId))
    .filter((row) => row.powerState === PowerStateCode.RUNNING && (only === undefined || only.has(row.libvirtDomainUuid)));
  if (running.length === 0) return 0;
  const found = await Promise.all(
    running.map(async (row) => {
      // The daemon finds a domain by UUID; the name and id only travel along.
      const addresses = await probe.addresses({ uuid: row.libvirtDomainUuid, name: row.libvirtDomainName ?? row.name, id: -1 });
      return { domainUuid: row.libvirtDomainUuid, addresses };
    }),
  );
  // Compare first in a read: a pass that finds nothing new writes nothing (no commit, no fsync, no change-feed wake-up).
  const differs = (repos: InventoryRepositories, domainUuid: string, addresses: InstanceAddresses): InstanceRecord | null => {
    const instance = repos.instances.findByDomain(hostId, domainUuid);
    // Stopped meanwhile: a guest that is off holds no address (the power-state sync cleared them).
    if (instance === undefined || instance.powerState !== PowerStateCode.RUNNING) return null;
    return JSON.stringify(instance.addresses) === JSON.stringify(addresses) ? null : instance;
  };
  const answered = found.filter((entry): entry is { domainUuid: string; addresses: InstanceAddresses } => entry.addresses !== null);
  if (!store.read((repos) => answered.some(({ domainUuid, addresses }) => differs(repos, domainUuid, addresses) !== null))) return 0;
  return store.write((repos) => {
    let written = 0;
    for (const { domainUuid, addresses } of answered) {
      const instance = differs(repos, domainUuid, addresses);
      if (instance === null) continue;
      repos.instances.update(instance.uuid, { addresses });
      written++;
    }
    return written;
  });
}
