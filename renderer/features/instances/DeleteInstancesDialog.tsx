import { useMemo, useRef, useState } from 'react';
import type { Instance } from '../../../common/contract/schemas';
import { Dialog } from '../../shared/dialogs/Dialog';
import { useInstanceActionsStore, type ActionOutcome } from '../../shared/stores/instance-actions-store';
import { testIds } from '../../testIds';
import { useInstancesViewStore } from './instances-view-store';

/** How many names the question lists before "and N more". */
const NAMES_SHOWN = 8;

/**
 * "Delete these instances?": names them, asks, then has main delete each one (`instances.act`); closes when all are
 * deleted, else names those main refused and why.
 */
export function DeleteInstancesDialog(props: { readonly uuids: readonly string[]; readonly rows: readonly Instance[] }) {
  const closeDelete = useInstancesViewStore((s) => s.closeDelete);
  const deleteInstances = useInstanceActionsStore((s) => s.deleteInstances);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const byUuid = useMemo(() => {
    const wanted = new Set(props.uuids);
    return new Map(props.rows.filter((instance) => wanted.has(instance.uuid)).map((instance) => [instance.uuid, instance]));
  }, [props.uuids, props.rows]);
  const instances = props.uuids.map((uuid) => byUuid.get(uuid));
  const name = (uuid: string, index: number) => instances[index]?.name ?? uuid;
  const count = props.uuids.length;

  const confirm = async () => {
    setRunning(true);
    const result = await deleteInstances(props.uuids);
    setRunning(false);
    if (result.results.every((r) => r.ok)) closeDelete();
    else setOutcome(result);
  };

  const refused = outcome?.results.filter((r) => !r.ok) ?? [];
  const finished = outcome !== null;
  return (
    <Dialog
      title={count === 1 ? `Delete ${name(props.uuids[0] ?? '', 0)}?` : `Delete ${count} instances?`}
      testId={testIds.deleteDialog}
      tone="danger"
      onClose={closeDelete}
      initialFocus={cancelRef}
      actions={
        <>
          <button ref={cancelRef} type="button" className="button" data-testid={testIds.deleteCancel} onClick={closeDelete}>
            {finished ? 'Close' : 'Cancel'}
          </button>
          {!finished && (
            <button type="button" className="button button--danger" data-testid={testIds.deleteConfirm} disabled={running} onClick={() => void confirm()}>
              {running ? 'Deleting…' : count === 1 ? 'Delete instance' : `Delete ${count} instances`}
            </button>
          )}
        </>
      }
    >
      <p>
        {count === 1 ? 'The instance' : 'These instances'} will be stopped and removed from {count === 1 ? 'its host' : 'their hosts'}. This cannot be undone.
      </p>
      <ul className="dialog__list">
        {props.uuids.slice(0, NAMES_SHOWN).map((uuid, index) => (
          <li key={uuid}>
            <strong>{name(uuid, index)}</strong> <code className="id">{uuid}</code>
          </li>
        ))}
        {count > NAMES_SHOWN && <li className="muted">and {count - NAMES_SHOWN} more</li>}
      </ul>
      {refused.length > 0 && (
        <div className="banner banner--error" role="alert" data-testid={testIds.deleteOutcome} data-outcome="refused">
          <p>
            {count - refused.length} deleted, {refused.length} refused:
          </p>
          <ul>
            {refused.map((result) => (
              <li key={result.uuid}>
                <strong>{byUuid.get(result.uuid)?.name ?? result.uuid}</strong>: {result.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
