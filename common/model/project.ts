/** A tenant: owns instances and has quota limits (unset limits fall back to the defaults). */
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly enabled: boolean;
  /** Per-project overrides of DEFAULT_QUOTA_LIMITS (Nova's `nova quota-update`). */
  readonly quota?: Readonly<Partial<Record<'instances' | 'cores' | 'ram' | 'disk', number>>>;
}
