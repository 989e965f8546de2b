import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { promptTestIds } from './test-ids';
import './ssh-prompts.css';

/** Props of {@link PromptDialog}. */
export interface PromptDialogProps {
  readonly title: string;
  readonly kind: string;
  /** The question in one or two sentences (what screen readers announce with the title). */
  readonly description: ReactNode;
  /** Details, fields and messages under it. */
  readonly children?: ReactNode;
  /** The buttons, right-aligned at the bottom (a form inside `children` brings its own). */
  readonly actions?: ReactNode;
  /** Escape, and the dialog's own cancel, refuse. */
  readonly onRefuse: () => void;
  /** What gets focus when it opens: for a host key the safe choice (Refuse), for a secret its input. */
  readonly initialFocus: RefObject<HTMLElement | null>;
  readonly tone?: 'warning';
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [href], select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog for one SSH prompt, on the native `<dialog>` (the rest of the page is inert while it is open). Focus
 * starts on `initialFocus`, Tab and Shift+Tab stay inside, Escape refuses, and focus returns where it was on close.
 */
export function PromptDialog(props: PromptDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const { initialFocus, onRefuse } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    (initialFocus.current ?? dialog.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus({ preventScroll: true });
    };
  }, [initialFocus]);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onRefuse();
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
      className={`ssh-prompt${props.tone === 'warning' ? ' ssh-prompt--warning' : ''}`}
      data-testid={promptTestIds.dialog}
      data-kind={props.kind}
      aria-labelledby="ssh-prompt-title"
      aria-describedby="ssh-prompt-description"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        // Escape in browsers that send `cancel` first: React's state stays the truth, the dialog closes by unmounting.
        event.preventDefault();
        onRefuse();
      }}
    >
      <h2 className="ssh-prompt__title" id="ssh-prompt-title">
        {props.title}
      </h2>
      <div className="ssh-prompt__body">
        <p id="ssh-prompt-description">{props.description}</p>
        {props.children}
      </div>
      {props.actions !== undefined && <div className="ssh-prompt__actions">{props.actions}</div>}
    </dialog>
  );
}
