import { int, text } from '../fields';
import { type XmlChildren, xmlModel } from '../model';
import { parseRoot, type ModelParseOptions } from '../root';

/** A DHCP range (`<range start=… end=…>`). */
export class DhcpRange extends xmlModel({
  start: text('@start'),
  end: text('@end'),
}) {}

/** A static DHCP lease (`<host mac=… name=… ip=…>`). */
export class DhcpHost extends xmlModel({
  mac: text('@mac'),
  name: text('@name'),
  ip: text('@ip'),
}) {}

/** An address of the network on the host (`<ip>`), with its DHCP setup. */
export class NetworkIp extends xmlModel({
  address: text('@address'),
  netmask: text('@netmask'),
  prefix: int('@prefix'),
  /** `ipv4` (default when absent) or `ipv6`. */
  family: text('@family'),
}) {
  /** `<dhcp><range>`. */
  get dhcpRanges(): XmlChildren<DhcpRange> {
    return this.children('dhcp/range', DhcpRange);
  }

  /** `<dhcp><host>`: static leases. */
  get dhcpHosts(): XmlChildren<DhcpHost> {
    return this.children('dhcp/host', DhcpHost);
  }
}

/** A virtual network (`<network>`, `virNetworkGetXMLDesc`). */
export class NetworkXml extends xmlModel({
  name: text('name'),
  uuid: text('uuid'),
  /** Host bridge device (`virbr0`). */
  bridge: text('bridge@name'),
  /** `nat`, `route`, `open`, `bridge`, … ; null: an isolated network. */
  forwardMode: text('forward@mode'),
  /** Host device traffic is forwarded through. */
  forwardDev: text('forward@dev'),
  mac: text('mac@address'),
  domainName: text('domain@name'),
  mtu: int('mtu@size'),
}) {
  /** Parse network XML; throws `XmlError`. */
  static parse(xml: string, options?: ModelParseOptions): NetworkXml {
    return new NetworkXml(parseRoot(xml, 'network', options));
  }

  /** `<ip>` addresses of the network on the host. */
  get ips(): XmlChildren<NetworkIp> {
    return this.children('ip', NetworkIp);
  }
}
