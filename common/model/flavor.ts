/** Nova-style flavor: the size of an instance. Sizes use Nova's units (MiB of RAM, GiB of disk, MiB of swap). */
export interface Flavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  readonly ramMiB: number;
  /** Root disk in GiB; 0 means "the image's size" in Nova (and nothing to claim when booting from volume). */
  readonly diskGiB: number;
  readonly ephemeralGiB: number;
  readonly swapMiB: number;
  /** Free-form key/value specs; the scheduler reads `aggregate_instance_extra_specs:*` and unscoped keys. */
  readonly extraSpecs: Readonly<Record<string, string>>;
  readonly isPublic: boolean;
}
