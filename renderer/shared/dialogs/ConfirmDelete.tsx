import { useRef, useState, type ReactNode } from 'react';
import { useAction, type ActionStoreHook } from '../stores/action-store';
import { Dialog } from './Dialog';

/**
 * A row's "Delete…" button and its question: the dialog names what goes, runs `onConfirm` (a command of `actions`
 * under `actionKey`) and stays open with main's refusal when it fails.
 */
export function ConfirmDelete(props: {
  /** What is deleted, as the title names it ("image cirros"). */
  readonly what: string;
  readonly children: ReactNode;
  /** Resolves to whether it was deleted. */
  readonly onConfirm: () => Promise<boolean>;
  readonly actions: ActionStoreHook;
  readonly actionKey: string;
  readonly testId: string;
}) {
  const [open, setOpen] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { busy, error, clearError } = useAction(props.actions, props.actionKey);
  const close = () => {
    setOpen(false);
    clearError();
  };
  return (
    <>
      <button type="button" className="button button--danger-quiet" data-testid={props.testId} onClick={() => setOpen(true)}>
        Delete…
      </button>
      {open && (
        <Dialog
          title={`Delete ${props.what}?`}
          testId={`${props.testId}-dialog`}
          tone="danger"
          onClose={close}
          initialFocus={cancelRef}
          actions={
            <>
              <button ref={cancelRef} type="button" className="button" onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                className="button button--danger"
                data-testid={`${props.testId}-confirm`}
                disabled={busy}
                onClick={() => void props.onConfirm().then((deleted) => deleted && setOpen(false))}
              >
                {busy ? 'Deleting…' : 'Delete'}
              </button>
            </>
          }
        >
          {props.children}
          {error !== null && (
            <div className="banner banner--error" role="alert">
              {error}
            </div>
          )}
        </Dialog>
      )}
    </>
  );
}
