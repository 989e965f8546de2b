import { create } from 'zustand';
import { callOptional, ChannelUnavailableError } from '../backend/optional-channel';
import { errorMessage } from './load-state';

/** Actions the UI can ask for on instances. (The compute work adds start, stop, reboot, … here.) */
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

/** The outcome of asking for an action on some instances. */
export type ActionOutcome =
  | { readonly kind: 'done'; readonly results: readonly ActionResult[] }
  /** The command does not exist in this version: nothing was sent, nothing happened. */
  | { readonly kind: 'unavailable'; readonly message: string };

/** Actions on instances: what is in flight, and asking for more. Only these actions call the action channels. */
export interface InstanceActionsStore {
  readonly pending: ReadonlyMap<string, PendingAction>;
  /** Ask main to delete these instances (`instances.act`, one call each). */
  deleteInstances(uuids: readonly string[]): Promise<ActionOutcome>;
}

const UNAVAILABLE: Readonly<Record<InstanceActionName, string>> = {
  delete: 'Deleting instances is not available yet: this version of Virt Deck has no instances.act command. Nothing was deleted.',
};

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
          await callOptional('instances.act', { ref: uuid, action: { type: action } });
          results.push({ uuid, ok: true, message: null });
        } catch (error) {
          if (error instanceof ChannelUnavailableError) return { kind: 'unavailable', message: UNAVAILABLE[action] };
          results.push({ uuid, ok: false, message: errorMessage(error) });
        }
      }
      return { kind: 'done', results };
    } finally {
      setPending(uuids, null);
    }
  };

  return {
    pending: new Map(),
    deleteInstances: (uuids) => run('delete', uuids),
  };
});
