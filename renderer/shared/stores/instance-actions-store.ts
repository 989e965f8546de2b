import { create } from 'zustand';
import { backend } from '../backend/current-backend';
import { errorMessage } from './load-state';

/** Actions the UI can ask for on instances (`instances.act`'s action names it sends). */
export type InstanceActionName = 'delete';

/** An action asked for and not answered yet: the row shows it until main's task state takes over. */
export interface PendingAction {
  readonly action: InstanceActionName;
  /** When it was asked for (epoch ms). */
  readonly since: number;
}

/** What happened to one instance of a request. */
export interface ActionResult {
  readonly uuid: string;
  readonly ok: boolean;
  /** Main's refusal or failure, as it said it; null on success. */
  readonly message: string | null;
}

/** The outcome of asking for an action on some instances: one result each, in the order asked. */
export interface ActionOutcome {
  readonly results: readonly ActionResult[];
}

/** Actions on instances: what is in flight, and asking for more. Only these actions call the action channels. */
export interface InstanceActionsStore {
  readonly pending: ReadonlyMap<string, PendingAction>;
  /** Ask main to delete these instances (`instances.act`, one call each: one refusal does not stop the others). */
  deleteInstances(uuids: readonly string[]): Promise<ActionOutcome>;
}

/** The instance actions store. */
export const useInstanceActionsStore = create<InstanceActionsStore>()((set, get) => {
  const setPending = (uuids: readonly string[], action: InstanceActionName | null): void => {
    const pending = new Map(get().pending);
    const since = Date.now();
    for (const uuid of uuids) {
      if (action === null) pending.delete(uuid);
      else pending.set(uuid, { action, since });
    }
    set({ pending });
  };

  const run = async (action: InstanceActionName, uuids: readonly string[]): Promise<ActionOutcome> => {
    setPending(uuids, action);
    const results: ActionResult[] = [];
    try {
      for (const uuid of uuids) {
        try {
          await backend().call('instances.act', { ref: uuid, action: { action } });
          results.push({ uuid, ok: true, message: null });
        } catch (error) {
          results.push({ uuid, ok: false, message: errorMessage(error) });
        }
      }
      return { results };
    } finally {
      setPending(uuids, null);
    }
  };

  return {
    pending: new Map(),
    deleteInstances: (uuids) => run('delete', uuids),
  };
});
