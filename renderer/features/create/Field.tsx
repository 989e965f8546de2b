import type { ReactNode } from 'react';
import { createTestIds } from './create-test-ids';
import type { DraftField } from './wizard-model';

/** A labelled field with its problem beside it (announced, and tied to the control by aria-describedby). */
export function Field(props: { readonly field: DraftField; readonly label: string; readonly error: string | undefined; readonly hint?: string; readonly children: ReactNode }) {
  return (
    <div className={`wizard-field${props.error === undefined ? '' : ' wizard-field--invalid'}`}>
      <label className="wizard-field__label" htmlFor={fieldId(props.field)}>
        {props.label}
      </label>
      <div className="wizard-field__control">{props.children}</div>
      <FieldMessage field={props.field} error={props.error} hint={props.hint} />
    </div>
  );
}

/** The message beside a field: its problem, or a hint when there is none. */
export function FieldMessage(props: { readonly field: DraftField; readonly error: string | undefined; readonly hint?: string | undefined }) {
  return (
    <span id={messageId(props.field)} className={props.error === undefined ? 'wizard-field__hint' : 'wizard-field__error'} data-testid={props.error === undefined ? undefined : createTestIds.fieldError(props.field)} role={props.error === undefined ? undefined : 'alert'}>
      {props.error ?? props.hint ?? ''}
    </span>
  );
}

/** DOM id of a field's control. */
export function fieldId(field: DraftField): string {
  return `create-${field}`;
}

/** DOM id of a field's message. */
export function messageId(field: DraftField): string {
  return `create-${field}-message`;
}

/** The ARIA and test props every control of a field takes. */
export function controlProps(field: DraftField, error: string | undefined) {
  return { id: fieldId(field), 'aria-invalid': error !== undefined, 'aria-describedby': messageId(field), 'data-testid': createTestIds.field(field), 'data-field': field };
}
