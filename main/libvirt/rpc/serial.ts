/**
 * Call serial numbers: a u32 counter that starts at 1, increments per call and skips 0 on wrap
 * (0 is the keepalive serial). A serial still in use by a slow call or an open stream after a
 * full wrap is skipped too, so two live calls never share one.
 */
export class SerialCounter {
  constructor(private next = 1) {}

  /** Take the next free serial; `inUse` says whether a serial is still taken. */
  take(inUse: (serial: number) => boolean): number {
    for (;;) {
      const serial = this.next;
      this.next = serial === 0xffffffff ? 1 : serial + 1;
      if (serial !== 0 && !inUse(serial)) return serial;
    }
  }
}
