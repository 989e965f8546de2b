import { int, text, valueField, yesNo } from '../fields';
import { xmlModel } from '../model';
import type { XmlChildren } from '../model';

/** `<listen>` inside `<graphics>`: where a display listens. */
export class GraphicsListen extends xmlModel({
  /** `address`, `network`, `socket`, `none`. */
  type: text('@type'),
  address: text('@address'),
  network: text('@network'),
  socket: text('@socket'),
}) {}

/** `<graphics>` in `<devices>`: a VNC or SPICE display. */
export class DomainGraphics extends xmlModel({
  /** `vnc`, `spice`, … */
  type: text('@type'),
  /** TCP port (`-1` while unassigned; the real port on a running domain with autoport). */
  port: int('@port'),
  autoport: valueField('@autoport', yesNo),
  /** Legacy listen address attribute (libvirt mirrors the first `<listen type='address'>` here). */
  listen: text('@listen'),
  passwd: text('@passwd'),
  /** WebSocket port for VNC (`-1` = pick one). */
  websocket: int('@websocket'),
  /** Unix socket (VNC), legacy attribute form. */
  socket: text('@socket'),
  keymap: text('@keymap'),
  /** SPICE TLS port. */
  tlsPort: int('@tlsPort'),
}) {
  /** The `<listen>` children. */
  get listens(): XmlChildren<GraphicsListen> {
    return this.children('listen', GraphicsListen);
  }
}
