// The SSH wire encoding (RFC 4251 §5) of key blobs: `string` and `mpint` fields, each a big-endian uint32 length and
// that many bytes. Reading is bounds-checked; anything left over or cut short is reported, never read past.

/** Reads SSH wire fields from a key blob. */
export class SshWireReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  /** Whether every byte was read. */
  get done(): boolean {
    return this.offset === this.bytes.length;
  }

  /** The next `string` field's bytes, or null when the blob ends early. */
  field(): Buffer | null {
    if (this.offset + 4 > this.bytes.length) return null;
    const length = this.bytes.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (length > this.bytes.length - start) return null;
    this.offset = start + length;
    return this.bytes.subarray(start, this.offset);
  }

  /** The next `string` field as text (latin1), or null. */
  text(): string | null {
    return this.field()?.toString('latin1') ?? null;
  }
}

/** Writes SSH wire fields. */
export class SshWireWriter {
  private readonly parts: Buffer[] = [];

  /** Append a `uint32`. */
  uint32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    this.parts.push(b);
    return this;
  }

  /** Append a `string` (length + bytes). */
  string(value: Buffer | string): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.uint32(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  /** Append raw bytes. */
  raw(bytes: Buffer): this {
    this.parts.push(bytes);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
