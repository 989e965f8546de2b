import type { DraftField, WizardStep } from './wizard-model';

/** Test ids of the create wizard (kept with the feature, as the console's are). */
export const createTestIds = {
  open: 'create-open',
  dialog: 'create-wizard',
  /** A step of the step list; carries data-state (current, done, todo). */
  stepTab: (step: WizardStep) => `create-step-${step}`,
  /** The shown step's panel. */
  panel: (step: WizardStep) => `create-panel-${step}`,
  field: (field: DraftField) => `create-field-${field}`,
  /** The message beside a field. */
  fieldError: (field: DraftField) => `create-error-${field}`,
  /** Why a list beside a field or step could not be loaded. */
  /** Said instead of Cancel where a started import cannot be stopped. */
  uploadNoCancel: 'create-upload-no-cancel',
  listError: (list: string) => `create-list-error-${list}`,
  imageOption: (name: string) => `create-image-${name}`,
  flavorRow: (name: string) => `create-flavor-${name}`,
  hostOption: (name: string) => `create-host-${name}`,
  networkOption: (name: string) => `create-network-${name}`,
  keyOption: (name: string) => `create-key-${name}`,
  quotaBar: (resource: string) => `create-quota-${resource}`,
  explanation: 'create-why-this-host',
  uploadFile: 'create-upload-file',
  uploadName: 'create-upload-name',
  uploadStart: 'create-upload-start',
  uploadCancel: 'create-upload-cancel',
  /** The upload's status; carries data-phase (uploading, done, failed, cancelled). */
  uploadStatus: 'create-upload-status',
  uploadProgress: 'create-upload-progress',
  uploadError: 'create-upload-error',
  next: 'create-next',
  back: 'create-back',
  cancel: 'create-cancel',
  discardConfirm: 'create-discard',
  discardKeep: 'create-keep-editing',
  submitError: 'create-submit-error',
  progress: 'create-progress',
  /** One created instance's build; carries data-status and data-task. */
  build: (uuid: string) => `create-build-${uuid}`,
  fault: 'create-fault',
  retry: 'create-retry',
  done: 'create-done',
} as const;
