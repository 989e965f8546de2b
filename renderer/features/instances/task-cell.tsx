import type { ReactNode } from 'react';
import type { Instance } from '../../../common/contract/schemas';
import type { PendingAction } from '../../shared/stores/instance-actions-store';
import { testIds } from '../../testIds';

/**
 * A row's Task State: main's `task_state` while an action runs (with a busy mark), else an action this window asked
 * for and main has not answered yet (`pending`), else nova's `-` (plain text: most rows are idle). Elements, not a
 * component with its own store subscription: the list reads the pending actions once for all its rows.
 */
export function taskCell(instance: Instance, pending: PendingAction | undefined): ReactNode {
  if (instance.taskState !== null) {
    return (
      <span className="task task--running" data-testid={testIds.instanceTask} data-task={instance.taskState} title={`Task running: ${instance.taskState}`}>
        <span className="task__spinner" aria-hidden="true" />
        {instance.taskState}
      </span>
    );
  }
  if (pending !== undefined) {
    return (
      <span className="task task--pending" data-testid={testIds.instanceTask} data-task="" data-pending={pending.action} title="Asked for; waiting for Virt Deck to answer">
        <span className="task__spinner" aria-hidden="true" />
        {pending.action} asked…
      </span>
    );
  }
  return '-';
}
