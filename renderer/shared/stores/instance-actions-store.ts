import { create } from 'zustand';
import type { InstanceAction } from '../../../common/compute/instance-actions';
import type { ActResult, InstanceActionRequest } from '../../../common/contract/compute-schemas';
import { backend } from '../backend/current-backend';
import { errorMessage } from './load-state';

/** Actions the UI can ask for on instances (the guard table's names, which `instances.act` takes). */
export type InstanceActionName = InstanceAction;

/** An action asked for and not answered yet: the row shows it until main's task state takes over. */
export interface PendingAction {
  readonly action: InstanceActionName;
  /** The request that set it: only that request's answer clears it (a newer request on the same instance keeps its mark). */
  readonly token: number;
  /** When it was asked for (epoch ms). */
  readonly since: number;
}

/** What happened to one instance of a request. */
export interface ActionResult {
  readonly uuid: string;
  readonly ok: boolean;
  /** Main's refusal or failure, as it said it; on success what main had to say (a stop that timed out), else null. */
  readonly message: string | null;
  /** False when main stopped short without failing (a stop that timed out); true on success. */
  readonly done?: boolean;
  /** What main offers next (`force-stop` after a stop that timed out). */
  readonly offer?: string | null;
}

/** The outcome of asking for an action on some instances: one result each, in the order asked. */
export interface ActionOutcome {
  readonly results: readonly ActionResult[];
}

/** Actions on instances: what is in flight, and asking for more. Only these actions call the action channels. */
export interface InstanceActionsStore {
  readonly pending: ReadonlyMap<string, PendingAction>;
  /**
   * Ask main for one action on these instances: one instance through `instances.act`, several through
   * `instances.bulk` (main runs them a few at a time; one refusal does not stop the others).
   */
  act(uuids: readonly string[], request: InstanceActionRequest): Promise<ActionOutcome>;
  /** Ask main to delete these instances. */
  deleteInstances(uuids: readonly string[]): Promise<ActionOutcome>;
}

const fromResult = (uuid: string, result: ActResult): ActionResult => ({ uuid, ok: true, message: result.message, done: result.done, offer: result.offer });

/** The instance actions store. */
export const useInstanceActionsStore = create<InstanceActionsStore>()((set, get) => {
  let tokens = 0;
  const markPending = (uuids: readonly string[], action: InstanceActionName, token: number): void => {
    const pending = new Map(get().pending);
    const since = Date.now();
    for (const uuid of uuids) pending.set(uuid, { action, since, token });
    set({ pending });
  };
  const clearPending = (uuids: readonly string[], token: number): void => {
    const pending = new Map(get().pending);
    for (const uuid of uuids) if (pending.get(uuid)?.token === token) pending.delete(uuid);
    set({ pending });
  };

  const ask = async (uuids: readonly string[], request: InstanceActionRequest): Promise<ActionResult[]> => {
    const [only] = uuids;
    if (uuids.length === 1 && only !== undefined) {
      try {
        return [fromResult(only, await backend().call('instances.act', { ref: only, action: request }))];
      } catch (error) {
        return [{ uuid: only, ok: false, message: errorMessage(error) }];
      }
    }
    try {
      const outcomes = await backend().call('instances.bulk', { refs: [...uuids], action: request });
      const byRef = new Map(outcomes.map((o) => [o.ref, o]));
      return uuids.map((uuid): ActionResult => {
        const o = byRef.get(uuid);
        if (o === undefined) return { uuid, ok: false, message: 'Virt Deck did not answer for this instance' };
        return o.outcome === 'ok' ? fromResult(uuid, o.result) : { uuid, ok: false, message: o.message };
      });
    } catch (error) {
      // The whole request failed (connection lost, invalid): every instance shares the reason.
      const message = errorMessage(error);
      return uuids.map((uuid) => ({ uuid, ok: false, message }));
    }
  };

  const act = async (uuids: readonly string[], request: InstanceActionRequest): Promise<ActionOutcome> => {
    const unique = [...new Set(uuids)];
    if (unique.length === 0) return { results: [] };
    const token = ++tokens;
    markPending(unique, request.action, token);
    try {
      return { results: await ask(unique, request) };
    } finally {
      clearPending(unique, token);
    }
  };

  return {
    pending: new Map(),
    act,
    deleteInstances: (uuids) => act(uuids, { action: 'delete' }),
  };
});
