import { int, onOff, text, valueField } from '../fields';
import { xmlModel } from '../model';

/** A character device in `<devices>`: `<serial>`, `<console>`, `<channel>` (one shape in libvirt's schema). */
export class DomainCharDevice extends xmlModel({
  /** `pty`, `unix`, `file`, `tcp`, `spicevmc`, … */
  type: text('@type'),
  /** The pty path of a running console (`/dev/pts/3`). */
  tty: text('@tty'),
  sourcePath: text('source@path'),
  /** `bind` or `connect` for unix and tcp sources. */
  sourceMode: text('source@mode'),
  /** Serial: `isa-serial`, `pci-serial`; console: `serial`, `virtio`; channel: `virtio`, `guestfwd`. */
  targetType: text('target@type'),
  targetPort: int('target@port'),
  /** Channel name (`org.qemu.guest_agent.0`). */
  targetName: text('target@name'),
  /** Channel state on a running domain (`connected`, `disconnected`). */
  targetState: text('target@state'),
  /** File the device's output is copied to. */
  logFile: text('log@file'),
  logAppend: valueField('log@append', onOff),
  alias: text('alias@name'),
}) {}
