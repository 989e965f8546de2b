import { checkedString, text, valueField } from '../fields';
import { xmlModel } from '../model';
import { checkMac } from '../names';

/** `<interface>` in `<devices>`. */
export class DomainInterface extends xmlModel({
  /** `network`, `bridge`, `user`, `direct`, … */
  type: text('@type'),
  sourceNetwork: text('source@network'),
  sourceBridge: text('source@bridge'),
  /** Set by libvirt on running domains for network interfaces. */
  sourcePortId: text('source@portid'),
  mac: valueField('mac@address', checkedString(checkMac)),
  /** NIC model: `virtio`, `e1000`, `rtl8139`. */
  model: text('model@type'),
  /** Host-side device (`vnet0`) of a running domain. */
  targetDev: text('target@dev'),
  alias: text('alias@name'),
}) {}
