import { create } from 'zustand';
import type { Instance } from '../../../../common/contract/schemas';
import { useInstanceActionsStore } from '../../../shared/stores/instance-actions-store';
import { useInstancesViewStore } from '../instances-view-store';
import { summarize, type ActionSummary, type SummaryLine } from './action-summary';
import type { LifecycleAction } from './lifecycle';

/** What one action on one instance left to say: its refusal or failure, or a stop that timed out (offering Force off). */
export interface ActionNotice {
  readonly label: string;
  readonly line: SummaryLine;
  readonly kind: 'refused' | 'not-done';
}

/** The lifecycle actions as the UI runs them: notices per instance, and the summary of the last bulk action. */
export interface ActionsUiStore {
  /** Per instance UUID: what its last action from this window left to say (cleared by its next action). */
  readonly notices: ReadonlyMap<string, ActionNotice>;
  /** The summary dialog's content, or null when closed. */
  readonly summary: ActionSummary | null;
  /**
   * Run a lifecycle action on these instances: delete asks first (the delete dialog); one instance leaves a notice
   * when refused or stopped short; several get the summary dialog.
   */
  run(action: LifecycleAction, instances: readonly Instance[]): Promise<void>;
  dismissNotice(uuid: string): void;
  closeSummary(): void;
}

/** The lifecycle actions' UI state. */
export const useActionsUiStore = create<ActionsUiStore>()((set, get) => ({
  notices: new Map(),
  summary: null,
  async run(action, instances) {
    if (instances.length === 0) return;
    if (action.id === 'delete') {
      useInstancesViewStore.getState().requestDelete(instances.map((i) => i.uuid));
      return;
    }
    const uuids = instances.map((i) => i.uuid);
    const notices = new Map(get().notices);
    for (const uuid of uuids) notices.delete(uuid);
    set({ notices });
    const outcome = await useInstanceActionsStore.getState().act(uuids, action.request);
    const summary = summarize(action.label, outcome.results, new Map(instances.map((i) => [i.uuid, i.name])));
    if (instances.length > 1) {
      set({ summary });
      return;
    }
    const line = summary.refused[0] ?? summary.notDone[0];
    if (line === undefined) return;
    const next = new Map(get().notices);
    next.set(line.uuid, { label: action.label, line, kind: summary.refused.length > 0 ? 'refused' : 'not-done' });
    set({ notices: next });
  },
  dismissNotice(uuid) {
    const notices = new Map(get().notices);
    notices.delete(uuid);
    set({ notices });
  },
  closeSummary: () => set({ summary: null }),
}));
