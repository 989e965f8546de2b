import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import './dialogs.css';

/** Props of {@link Dialog}. */
export interface DialogProps {
  readonly title: string;
  readonly children: ReactNode;
  /** The buttons, right-aligned under the content. */
  readonly actions: ReactNode;
  /** Closed by Escape (or the caller's buttons). */
  readonly onClose: () => void;
  /** What gets focus when it opens (for a destructive question: the safe button). */
  readonly initialFocus?: RefObject<HTMLElement | null>;
  readonly testId: string;
  readonly tone?: 'danger';
  readonly wide?: boolean;
}

/**
 * A modal dialog on the native `<dialog>` element: the browser traps focus, makes the rest of the page inert, and
 * closes it on Escape; focus returns to where it was when it closes.
 */
export function Dialog(props: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose, initialFocus } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    initialFocus?.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus({ preventScroll: true });
    };
  }, [initialFocus]);
  return (
    <dialog
      ref={ref}
      className={`dialog${props.tone === 'danger' ? ' dialog--danger' : ''}${props.wide === true ? ' dialog--wide' : ''}`}
      aria-labelledby={`${props.testId}-title`}
      data-testid={props.testId}
      onCancel={(event) => {
        // Escape: React closes it by unmounting, so the caller's state stays the truth.
        event.preventDefault();
        onClose();
      }}
    >
      <h2 className="dialog__title" id={`${props.testId}-title`}>
        {props.title}
      </h2>
      <div className="dialog__body">{props.children}</div>
      <div className="dialog__actions">{props.actions}</div>
    </dialog>
  );
}
