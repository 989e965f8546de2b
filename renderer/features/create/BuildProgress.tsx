import type { Instance } from '../../../common/contract/schemas';
import { createTestIds } from './create-test-ids';
import { buildProgress } from './wizard-model';

/** The created instances' builds, live from the change feed: each task state, then ACTIVE — or the fault. */
export function BuildProgress(props: { readonly created: readonly Instance[]; readonly lastTask: Readonly<Record<string, string>> }) {
  return (
    <div className="wizard-progress" data-testid={createTestIds.progress} aria-live="polite">
      {props.created.map((instance) => {
        const { steps, outcome } = buildProgress(instance, props.lastTask[instance.uuid] ?? null);
        return (
          <div key={instance.uuid} className="wizard-build" data-testid={createTestIds.build(instance.uuid)} data-status={instance.status} data-task={instance.taskState ?? ''}>
            <div className="wizard-build__name">
              {instance.name} <span className="wizard-hint">{instance.hostName === null ? '' : `on ${instance.hostName}`}</span>
            </div>
            <ol className="wizard-build__steps">
              {steps.map((step) => (
                <li key={step.state} className={`wizard-build__step wizard-build__step--${step.phase}`} aria-current={step.phase === 'current' ? 'step' : undefined}>
                  {step.state}
                </li>
              ))}
            </ol>
            {outcome === 'error' && (
              <div className="banner banner--error" role="alert" data-testid={createTestIds.fault}>
                {instance.fault === null ? 'The build failed.' : `${instance.fault.message}${instance.fault.details === undefined ? '' : ` — ${instance.fault.details}`}`}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
