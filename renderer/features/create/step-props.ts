import type { DraftField, FieldErrors, WizardDraft, WizardFacts } from './wizard-model';

/** What every step component gets: the draft, its shown problems, what the wizard knows, and the setter. */
export interface StepProps {
  readonly draft: WizardDraft;
  readonly errors: FieldErrors;
  readonly facts: WizardFacts;
  readonly setField: <F extends DraftField>(field: F, value: WizardDraft[F]) => void;
}
