// Test ids of the Flavors screen's forms (the table's are in renderer/testIds.ts).

/** Test ids of creating and deleting flavors. */
export const flavorIds = {
  createOpen: 'flavor-create-open',
  createForm: 'flavor-create-form',
  createField: (field: string) => `flavor-create-${field}`,
  createSubmit: 'flavor-create-submit',
  createError: 'flavor-create-error',
  delete: (name: string) => `flavor-delete-${name}`,
} as const;
