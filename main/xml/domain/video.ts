import { int, text, valueField, yesNo } from '../fields';
import { xmlModel } from '../model';

/** `<video>` in `<devices>`. */
export class DomainVideo extends xmlModel({
  /** `vga`, `cirrus`, `virtio`, `qxl`, `bochs`, `none`. */
  model: text('model@type'),
  /** Video memory in KiB. */
  vram: int('model@vram'),
  heads: int('model@heads'),
  primary: valueField('model@primary', yesNo),
}) {}
