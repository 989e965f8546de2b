/** The uuid is a member of the request's server group (or one of the instances being placed). */
export const GROUP_MEMBER = 1;
/** The uuid is listed in the `same_host` hint. */
export const SAME_HOST = 2;
/** The uuid is listed in the `different_host` hint. */
export const DIFFERENT_HOST = 4;

const BUCKETS = 1024;

/**
 * Cheap fingerprint of a uuid: its length and last three characters (random hex in a v4 uuid, a counter in
 * generated names). `charCodeAt` on a flat string is a load, where `Set#has` on a string that is not
 * internalized hashes it through a builtin. Colliding uuids only cost a Map lookup.
 */
function bucket(uuid: string): number {
  const n = uuid.length;
  // `| 0` turns the NaN of a too-short string into 0, for inserts and probes alike.
  return (n * 7 + (uuid.charCodeAt(n - 1) | 0) * 31 + (uuid.charCodeAt(n - 2) | 0) * 5 + (uuid.charCodeAt(n - 3) | 0)) & (BUCKETS - 1);
}

/**
 * Every uuid a request cares about, with what it is to the request (GROUP_MEMBER | SAME_HOST | DIFFERENT_HOST).
 * Scanning hosts' instance lists probes this once per instance and almost every probe misses, so a bucket table
 * answers the misses before the Map is asked.
 */
export class UuidFlags {
  private readonly flags = new Map<string, number>();
  private readonly buckets = new Uint8Array(BUCKETS);

  /** Flags of each listed set, or null when the request lists none. */
  static of(sets: readonly (readonly [ReadonlySet<string> | null, number])[]): UuidFlags | null {
    let out: UuidFlags | null = null;
    for (const [set, flag] of sets) {
      if (set) for (const uuid of set) (out ??= new UuidFlags()).add(uuid, flag);
    }
    return out;
  }

  private add(uuid: string, flag: number): void {
    this.flags.set(uuid, (this.flags.get(uuid) ?? 0) | flag);
    this.buckets[bucket(uuid)] = 1;
  }

  /** What `uuid` is to the request; 0 when it does not care (or it is not a string, from a malformed record). */
  get(uuid: string): number {
    if (typeof uuid !== 'string' || this.buckets[bucket(uuid)] === 0) return 0;
    return this.flags.get(uuid) ?? 0;
  }
}
