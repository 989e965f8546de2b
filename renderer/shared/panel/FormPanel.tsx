import type { FormEvent, ReactNode } from 'react';

/**
 * A titled form card: its fields (a `form__grid`), what main refused (as it said it), and Submit/Cancel. The admin
 * screens' create and import forms are all this shape.
 */
export function FormPanel(props: {
  readonly title: string;
  readonly testId: string;
  readonly children: ReactNode;
  /** Shown under the fields. */
  readonly hint?: ReactNode;
  readonly error: string | null;
  readonly errorTestId: string;
  readonly submitLabel: string;
  readonly busyLabel: string;
  readonly busy: boolean;
  readonly submitDisabled?: boolean;
  readonly submitTestId: string;
  readonly onSubmit: () => Promise<void>;
  readonly onCancel: () => void;
  /** Leave field checks to the form (it shows each field's problem beside it). */
  readonly noValidate?: boolean;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void props.onSubmit();
  };
  return (
    <form className="panel form" data-testid={props.testId} aria-label={props.title} onSubmit={submit} noValidate={props.noValidate}>
      <h2 className="panel__title">{props.title}</h2>
      <div className="panel__body">
        <div className="form__grid">{props.children}</div>
        {props.hint !== undefined && <p className="muted form__hint">{props.hint}</p>}
        {props.error !== null && (
          <div className="banner banner--error form__error" role="alert" data-testid={props.errorTestId}>
            {props.error}
          </div>
        )}
        <div className="form__buttons">
          <button type="submit" className="button button--primary" data-testid={props.submitTestId} disabled={props.busy || props.submitDisabled === true}>
            {props.busy ? props.busyLabel : props.submitLabel}
          </button>
          <button type="button" className="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}
