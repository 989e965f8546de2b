import { useId, useState } from 'react';
import { FormPanel } from '../../shared/panel/FormPanel';
import { useAction } from '../../shared/stores/action-store';
import { addKeyPair, useKeyPairActions } from './keypairs-store';
import { keyPairIds } from './test-ids';

/** Add a key pair: paste an OpenSSH public key, or leave it empty to have one generated (its private key shown once). */
export function AddKeyPairForm({ onDone }: { readonly onDone: (generated: { readonly name: string; readonly privateKey: string } | null) => void }) {
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const { busy, error, clearError } = useAction(useKeyPairActions, 'add');
  const id = useId();
  return (
    <FormPanel
      title="Add key pair"
      testId={keyPairIds.addForm}
      error={error}
      errorTestId={keyPairIds.addError}
      submitLabel={publicKey.trim() === '' ? 'Generate key pair' : 'Import public key'}
      busyLabel="Adding…"
      busy={busy}
      submitDisabled={name.trim() === ''}
      submitTestId={keyPairIds.addSubmit}
      onSubmit={async () => {
        const added = await addKeyPair(name.trim(), publicKey);
        if (added !== null) onDone(added.privateKey === null ? null : { name: added.keyPair.name, privateKey: added.privateKey });
      }}
      onCancel={() => {
        clearError();
        onDone(null);
      }}
    >
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} className="input" data-testid={keyPairIds.addName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={255} placeholder="ops-laptop" autoComplete="off" />
      <label htmlFor={`${id}-key`}>
        Public key <span className="muted">(empty: generate one)</span>
      </label>
      <textarea
        id={`${id}-key`}
        className="input input--mono"
        data-testid={keyPairIds.addPublicKey}
        value={publicKey}
        onChange={(e) => setPublicKey(e.target.value)}
        rows={3}
        maxLength={16_384}
        placeholder="ssh-ed25519 AAAAC3Nza… you@laptop"
        spellCheck={false}
      />
    </FormPanel>
  );
}
