// What the app is busy with right now and just was: creates, uploads, imports, bulk actions. Memory only — the
// inventory keeps the lasting record (instance actions); this is what a progress bar and a "tasks" panel read.

/** What kind of work an activity is. */
export type ActivityKind = 'create' | 'upload' | 'import' | 'bulk' | 'action' | 'delete';

/** Where an activity stands. */
export type ActivityState = 'running' | 'succeeded' | 'failed';

/** Progress of a transfer: bytes so far of `total` (null when unknown), bytes per second, seconds left. */
export interface ByteProgress {
  readonly kind: 'bytes';
  readonly bytes: number;
  readonly total: number | null;
  /** Bytes per second over the last few seconds (0 before the first measurement). */
  readonly rate: number;
  /** Null while the rate or the total is unknown. */
  readonly etaSeconds: number | null;
}

/** Progress counted in steps: `step` of `of` done (a build's task states, a bulk action's instances). */
export interface StepProgress {
  readonly kind: 'steps';
  readonly step: number;
  readonly of: number;
}

/** Either kind of progress. */
export type ActivityProgress = ByteProgress | StepProgress;

/** What an activity is about (ids; names are for display). */
export interface ActivityRefs {
  readonly instanceUuid?: string;
  readonly imageId?: string;
  readonly hostId?: string;
}

/** One running or recent activity. */
export interface Activity {
  readonly id: string;
  readonly kind: ActivityKind;
  /** One line for people: "Upload cirros to host lab1". */
  readonly title: string;
  readonly refs: ActivityRefs;
  readonly state: ActivityState;
  readonly progress: ActivityProgress | null;
  /** The latest status line (or the error, once failed). */
  readonly message: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}
