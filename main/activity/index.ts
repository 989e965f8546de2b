// Running and recent work (creates, uploads, imports, bulk actions) with progress, for the UI's task list.
export type { Activity, ActivityKind, ActivityProgress, ActivityRefs, ActivityState, ByteProgress, StepProgress } from './activity';
export { ActivityRegistry, type ActivityHandle, type ActivityListener, type ActivityRegistryOptions, type StartActivity } from './registry';
export { TransferMeter, type TransferMeterOptions } from './transfer-meter';
