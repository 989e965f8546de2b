// Test ids of the Key pairs screen (same convention as renderer/testIds.ts).

/** Test ids of the Key pairs screen. */
export const keyPairIds = {
  table: 'keypairs-table',
  row: (name: string) => `keypair-row-${name}`,
  delete: (name: string) => `keypair-delete-${name}`,
  addOpen: 'keypair-add-open',
  addForm: 'keypair-add-form',
  addName: 'keypair-add-name',
  addPublicKey: 'keypair-add-public-key',
  addSubmit: 'keypair-add-submit',
  addError: 'keypair-add-error',
  privateKey: 'keypair-private-key',
} as const;
