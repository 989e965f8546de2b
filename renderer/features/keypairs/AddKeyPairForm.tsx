import { useId, useState, type FormEvent } from 'react';
import { addKeyPair, useKeyPairActions } from './keypairs-store';
import { keyPairIds } from './test-ids';

/** Add a key pair: paste an OpenSSH public key, or leave it empty to have one generated (its private key shown once). */
export function AddKeyPairForm({ onDone }: { readonly onDone: (generated: { readonly name: string; readonly privateKey: string } | null) => void }) {
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const busy = useKeyPairActions((s) => s.busy === 'add');
  const error = useKeyPairActions((s) => (s.error?.key === 'add' ? s.error.message : null));
  const clearError = useKeyPairActions((s) => s.clearError);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const added = await addKeyPair(name.trim(), publicKey);
    if (added !== null) onDone(added.privateKey === null ? null : { name: added.keyPair.name, privateKey: added.privateKey });
  };

  return (
    <form className="panel form" data-testid={keyPairIds.addForm} aria-label="Add key pair" onSubmit={(event) => void submit(event)}>
      <h2 className="panel__title">Add key pair</h2>
      <div className="panel__body">
        <div className="form__grid">
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
        </div>
        {error !== null && (
          <div className="banner banner--error form__error" role="alert" data-testid={keyPairIds.addError}>
            {error}
          </div>
        )}
        <div className="form__buttons">
          <button type="submit" className="button button--primary" data-testid={keyPairIds.addSubmit} disabled={busy || name.trim() === ''}>
            {busy ? 'Adding…' : publicKey.trim() === '' ? 'Generate key pair' : 'Import public key'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              clearError();
              onDone(null);
            }}
          >
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}
