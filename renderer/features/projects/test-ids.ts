// Test ids of the Projects screen's forms (the table's are in renderer/testIds.ts).

/** Test ids of creating projects and editing quotas. */
export const projectIds = {
  createOpen: 'project-create-open',
  createForm: 'project-create-form',
  createName: 'project-create-name',
  createDescription: 'project-create-description',
  createSubmit: 'project-create-submit',
  createError: 'project-create-error',
  quotaOpen: (name: string) => `project-quota-${name}`,
  quotaDialog: 'project-quota-dialog',
  quotaField: (resource: string) => `project-quota-field-${resource}`,
  quotaSave: 'project-quota-save',
  quotaError: 'project-quota-error',
} as const;
