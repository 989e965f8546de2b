// Test ids of the Images screen (same convention as renderer/testIds.ts).

/** Test ids of the Images screen. */
export const imageIds = {
  table: 'images-table',
  row: (name: string) => `image-row-${name}`,
  show: (name: string) => `image-show-${name}`,
  details: 'image-details',
  delete: (name: string) => `image-delete-${name}`,
  importOpen: 'image-import-open',
  importForm: 'image-import-form',
  importPath: 'image-import-path',
  importName: 'image-import-name',
  importOsType: 'image-import-os-type',
  importSubmit: 'image-import-submit',
  importError: 'image-import-error',
  importNotes: 'image-import-notes',
} as const;
