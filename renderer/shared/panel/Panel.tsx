import type { ReactNode } from 'react';
import { testIds } from '../../testIds';
import './panel.css';

/** A titled card on a screen. */
export function Panel(props: { readonly title: string; readonly children: ReactNode; readonly testId?: string }) {
  return (
    <section className="panel" data-testid={props.testId} aria-label={props.title}>
      <h2 className="panel__title">{props.title}</h2>
      <div className="panel__body">{props.children}</div>
    </section>
  );
}

/** A load error, shown in place of the data. */
export function LoadError(props: { readonly message: string; readonly onRetry: () => void }) {
  return (
    <div className="banner banner--error" role="alert" data-testid={testIds.screenError}>
      {props.message}{' '}
      <button type="button" className="link-button" onClick={props.onRetry}>
        Retry
      </button>
    </div>
  );
}
