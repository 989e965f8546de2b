import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import './dialogs.css';

/** Props of {@link Dialog}. */
export interface DialogProps {
  readonly title: string;
  /** The question in a sentence or two: what screen readers announce with the title. */
  readonly description?: ReactNode;
  readonly children?: ReactNode;
  /** The buttons, right-aligned under the content (a form in `children` may bring its own instead). */
  readonly actions?: ReactNode;
  /** Closed by Escape (or the caller's buttons). */
  readonly onClose: () => void;
  /** What gets focus when it opens (for a destructive question: the safe button); default: the first control. */
  readonly initialFocus?: RefObject<HTMLElement | null>;
  readonly testId: string;
  /** What the dialog is about, as `data-kind` (tests tell dialogs of one family apart by it). */
  readonly kind?: string;
  /** The top border: an action that destroys, a question with a warning, or one that needs attention. */
  readonly tone?: 'danger' | 'warning' | 'attention';
  readonly wide?: boolean;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [href], select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native `<dialog>` element (the rest of the page is inert while it is open). Focus starts on
 * `initialFocus`, Tab and Shift+Tab stay inside, Escape closes, and focus returns to where it was when it closes.
 */
export function Dialog(props: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose, initialFocus } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    (initialFocus?.current ?? dialog.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus({ preventScroll: true });
    };
  }, [initialFocus]);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || ref.current === null) return;
    const focusable = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = focusable[0];
    const last = focusable.at(-1);
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={`dialog${props.tone === undefined ? '' : ` dialog--${props.tone}`}${props.wide === true ? ' dialog--wide' : ''}`}
      aria-labelledby={`${props.testId}-title`}
      aria-describedby={props.description === undefined ? undefined : `${props.testId}-description`}
      data-testid={props.testId}
      data-kind={props.kind}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        // Escape in browsers that send `cancel` first: React closes it by unmounting, so the caller's state stays the truth.
        event.preventDefault();
        onClose();
      }}
    >
      <h2 className="dialog__title" id={`${props.testId}-title`}>
        {props.title}
      </h2>
      <div className="dialog__body">
        {props.description !== undefined && <p id={`${props.testId}-description`}>{props.description}</p>}
        {props.children}
      </div>
      {props.actions !== undefined && <div className="dialog__actions">{props.actions}</div>}
    </dialog>
  );
}
