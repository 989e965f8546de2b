import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { backend } from '../../shared/backend/current-backend';
import { Dialog } from '../../shared/dialogs/Dialog';
import { useWindowKeyDown } from '../../shared/keyboard/use-window-keydown';
import { AccessStep } from './AccessStep';
import { BuildProgress } from './BuildProgress';
import { createTestIds } from './create-test-ids';
import { selectFacts, selectNetworkHost, useCreateWizardStore } from './create-wizard-store';
import { DetailsStep } from './DetailsStep';
import { FlavorStep } from './FlavorStep';
import { NetworkStep } from './NetworkStep';
import { PlacementStep } from './PlacementStep';
import { ReviewStep } from './ReviewStep';
import { SourceStep } from './SourceStep';
import type { StepProps } from './step-props';
import { STEP_TITLES, validateStep, WIZARD_STEPS, type DraftField, type FieldErrors } from './wizard-model';
import './create.css';

/**
 * The create wizard (Horizon's launch dialog): one step at a time, each validated as the operator types with the
 * message beside the field; Enter goes on, Escape cancels (asking first when something was entered). After Create it
 * follows the new instances' builds from the change feed to ACTIVE, or shows the fault and offers Retry.
 */
export function CreateWizard() {
  const s = useCreateWizardStore();
  const facts = useMemo(() => selectFacts(s), [s]);
  const panelRef = useRef<HTMLDivElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const allErrors = validateStep(s.step, s.draft, facts);
  const shown: FieldErrors = Object.fromEntries(Object.entries(allErrors).filter(([field]) => s.refusedNext > 0 || s.touched.has(field as DraftField)));
  const stepIndex = WIZARD_STEPS.indexOf(s.step);

  // A new step: focus its first control. A refused Next: focus the first field with a problem.
  useEffect(() => {
    const panel = panelRef.current;
    if (panel === null || s.phase !== 'editing') return;
    const target = (s.refusedNext > 0 ? panel.querySelector<HTMLElement>('[aria-invalid="true"]') : null) ?? panel.querySelector<HTMLElement>('input:not([disabled]), select, textarea, [tabindex="0"]');
    // A step without fields (Review): the Next/Create button, so Enter still goes on.
    (target ?? nextRef.current)?.focus();
  }, [s.step, s.refusedNext, s.phase, s.loadError, s.projects]);

  useEffect(() => {
    if (s.confirmingDiscard) keepRef.current?.focus();
  }, [s.confirmingDiscard]);

  // Following the builds: focus on Close, so Enter or Escape ends the wizard.
  useEffect(() => {
    if (s.phase === 'following') doneRef.current?.focus();
  }, [s.phase]);

  // Escape is handled here, not by the dialog's cancel event: Chromium lets a page refuse that event only once per
  // user activation, and Escape is no activation, so a second Escape would close the native dialog behind React's back.
  useWindowKeyDown((event) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    if (s.confirmingDiscard) s.keepEditing();
    else s.requestClose();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON' || target.tagName === 'A') return;
    event.preventDefault();
    void s.next();
  };

  const props: StepProps = { draft: s.draft, errors: shown, facts, setField: s.setField, listErrors: s.listErrors };
  const following = s.phase === 'following';
  const failed = following && s.created.some((i) => i.status === 'ERROR');
  const active = following && s.created.length > 0 && s.created.every((i) => i.status === 'ACTIVE');

  const actions = following ? (
    <>
      {failed && (
        <button type="button" className="button" data-testid={createTestIds.retry} onClick={() => void s.retry()}>
          Retry
        </button>
      )}
      <button ref={doneRef} type="button" className="button button--primary" data-testid={createTestIds.done} onClick={s.close}>
        {active || failed ? 'Close' : 'Close (builds go on)'}
      </button>
    </>
  ) : s.confirmingDiscard ? (
    <>
      <button ref={keepRef} type="button" className="button" data-testid={createTestIds.discardKeep} onClick={s.keepEditing}>
        Keep editing
      </button>
      <button type="button" className="button button--danger" data-testid={createTestIds.discardConfirm} onClick={s.close}>
        Discard
      </button>
    </>
  ) : (
    <>
      <button type="button" className="button button--quiet" data-testid={createTestIds.cancel} onClick={s.requestClose}>
        Cancel
      </button>
      {stepIndex > 0 && (
        <button type="button" className="button" data-testid={createTestIds.back} onClick={s.back} disabled={s.phase !== 'editing'}>
          Back
        </button>
      )}
      <button ref={nextRef} type="button" className="button button--primary" data-testid={createTestIds.next} onClick={() => void s.next()} disabled={s.phase !== 'editing'}>
        {s.step === 'review' ? (s.phase === 'submitting' ? 'Creating…' : 'Create') : 'Next'}
      </button>
    </>
  );

  return (
    <Dialog title={following ? 'Creating' : 'Create instance'} testId={createTestIds.dialog} wide onClose={s.confirmingDiscard ? s.keepEditing : s.requestClose} actions={actions}>
      {following ? (
        <BuildProgress created={s.created} lastTask={s.lastTask} />
      ) : (
        <div className="wizard" onKeyDown={onKeyDown}>
          <ol className="wizard__steps" aria-label="Steps">
            {WIZARD_STEPS.map((step, index) => (
              <li key={step}>
                <button
                  type="button"
                  className="wizard__step"
                  data-testid={createTestIds.stepTab(step)}
                  data-state={step === s.step ? 'current' : index <= s.reached ? 'done' : 'todo'}
                  aria-current={step === s.step ? 'step' : undefined}
                  disabled={index > s.reached || s.phase !== 'editing'}
                  tabIndex={-1}
                  onClick={() => s.goTo(step)}
                >
                  <span className="wizard__step-number">{index + 1}</span> {STEP_TITLES[step]}
                </button>
              </li>
            ))}
          </ol>
          <div className="wizard__panel" ref={panelRef} data-testid={createTestIds.panel(s.step)}>
            <h3 className="wizard__title">{STEP_TITLES[s.step]}</h3>
            {s.confirmingDiscard && (
              <div className="banner banner--warning" role="alert">
                Discard this instance? What you entered is lost.
              </div>
            )}
            {s.loadError !== null && (
              <div className="banner banner--error" role="alert">
                The wizard could not load what it offers: {s.loadError}
              </div>
            )}
            {s.submitError !== null && (
              <div className="banner banner--error" role="alert" data-testid={createTestIds.submitError}>
                Not created: {s.submitError}
              </div>
            )}
            <StepBody step={s.step} props={props} />
          </div>
        </div>
      )}
    </Dialog>
  );
}

function StepBody({ step, props }: { readonly step: (typeof WIZARD_STEPS)[number]; readonly props: StepProps }) {
  const s = useCreateWizardStore();
  switch (step) {
    case 'details':
      return <DetailsStep {...props} />;
    case 'source':
      return <SourceStep {...props} upload={s.upload} canUpload={backend().uploadImage !== undefined} canCancel={backend().uploadCancellable === true} startUpload={s.startUpload} cancelUpload={s.cancelUpload} />;
    case 'flavor':
      return <FlavorStep {...props} />;
    case 'placement':
      return <PlacementStep {...props} auto={s.placementAuto} serverGroups={s.serverGroups} availabilityZones={s.availabilityZones} />;
    case 'network':
      return <NetworkStep {...props} host={selectNetworkHost(s)} networks={s.networks} error={s.networksError} />;
    case 'access':
      return <AccessStep {...props} keyPairs={s.keyPairs} />;
    case 'review':
      return <ReviewStep {...props} serverGroupName={s.serverGroups?.find((g) => g.id === props.draft.serverGroup)?.name ?? null} />;
  }
}
