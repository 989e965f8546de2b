import { useId } from 'react';
import { actionTestIds, type ActionsScope } from './test-ids';

/**
 * A lifecycle button with its tooltip. A button that cannot be used stays focusable (`aria-disabled`, not
 * `disabled`): keyboard and screen reader users reach it and hear why, which a disabled button would hide.
 */
export function ActionButton(props: {
  readonly scope: ActionsScope;
  readonly id: string;
  readonly label: string;
  readonly tooltip: string;
  readonly enabled: boolean;
  readonly danger?: boolean;
  readonly onPress: () => void;
}) {
  const tipId = useId();
  return (
    <span className="action">
      <button
        type="button"
        className={`button button--small${props.danger === true ? ' button--danger-quiet' : ''}`}
        data-testid={actionTestIds.button(props.scope, props.id)}
        aria-disabled={!props.enabled}
        aria-describedby={tipId}
        onClick={() => props.enabled && props.onPress()}
      >
        {props.label}
      </button>
      <span className="action__tip" role="tooltip" id={tipId} data-testid={actionTestIds.tooltip(props.scope, props.id)}>
        {props.tooltip}
      </span>
    </span>
  );
}
