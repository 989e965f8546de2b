// What the contract and the CLI show of an action's result: the instance as `nova show` presents it.
import type { InventoryStore } from '../inventory/repositories';
import type { ActionResult, SnapshotInfo } from './actions';
import { instanceQueries, type InstanceView } from './instance-views';

/** An action's result with the instance as a view. */
export interface ActionResultView {
  readonly instance: InstanceView | null;
  readonly done: boolean;
  readonly message: string | null;
  readonly offer: string | null;
  readonly snapshot?: SnapshotInfo;
}

/** The view of an action's result. */
export function actionResultView(store: InventoryStore, result: ActionResult): ActionResultView {
  return {
    instance: result.instance === null ? null : (instanceQueries(store).views([result.instance])[0] ?? null),
    done: result.done,
    message: result.message,
    offer: result.offer,
    ...(result.snapshot === undefined ? {} : { snapshot: result.snapshot }),
  };
}
