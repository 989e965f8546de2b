import type { WizardListErrors } from './create-wizard-store';
import type { DraftField, FieldErrors, WizardDraft, WizardFacts } from './wizard-model';

/** What every step component gets: the draft, its shown problems, what the wizard knows, and the setter. */
export interface StepProps {
  readonly draft: WizardDraft;
  readonly errors: FieldErrors;
  readonly facts: WizardFacts;
  readonly setField: <F extends DraftField>(field: F, value: WizardDraft[F]) => void;
  /** Why a list the step shows could not be loaded (server groups, zones, quota, previews). */
  readonly listErrors: WizardListErrors;
}
