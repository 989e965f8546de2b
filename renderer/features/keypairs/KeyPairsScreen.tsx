import { useState } from 'react';
import type { KeyPair } from '../../../common/contract/schemas';
import { ConfirmDelete } from '../../shared/dialogs/ConfirmDelete';
import { formatTime } from '../../shared/format/format';
import { ListScreen, type Column } from '../../shared/table/ListScreen';
import { AddKeyPairForm } from './AddKeyPairForm';
import { deleteKeyPair, useKeyPairActions, useKeyPairsStore } from './keypairs-store';
import { keyPairIds } from './test-ids';
import './keypairs.css';

function DeleteKeyPair({ keyPair }: { readonly keyPair: KeyPair }) {
  return (
    <ConfirmDelete what={`key pair ${keyPair.name}`} testId={keyPairIds.delete(keyPair.name)} actions={useKeyPairActions} actionKey={`delete:${keyPair.name}`} onConfirm={() => deleteKeyPair(keyPair.name)}>
      <p>Instances built with it keep the key they were given; new instances can no longer ask for it.</p>
    </ConfirmDelete>
  );
}

const COLUMNS: readonly Column<KeyPair>[] = [
  { title: 'Name', cell: (k) => <strong>{k.name}</strong> },
  { title: 'Type', cell: (k) => k.type },
  { title: 'Fingerprint', cell: (k) => <code className="id id--wrap">{k.fingerprint}</code> },
  { title: 'Comment', cell: (k) => k.comment || <span className="muted">—</span> },
  { title: 'Created', cell: (k) => formatTime(k.createdAt) },
  { title: 'Actions', cell: (k) => <DeleteKeyPair keyPair={k} /> },
];

/** The key pairs (`nova keypair-list`): import a public key or generate one, delete. */
export function KeyPairsScreen() {
  const store = useKeyPairsStore();
  const [adding, setAdding] = useState(false);
  const [generated, setGenerated] = useState<{ readonly name: string; readonly privateKey: string } | null>(null);
  return (
    <ListScreen
      section="keypairs"
      title="Key pairs"
      store={store}
      columns={COLUMNS}
      rowKey={(k) => k.name}
      rowTestId={(k) => keyPairIds.row(k.name)}
      tableTestId={keyPairIds.table}
      empty="No key pairs yet: add your public key, or generate a key pair, so instances can be reached over SSH."
      actions={
        <button type="button" className="button button--primary" data-testid={keyPairIds.addOpen} disabled={adding} onClick={() => setAdding(true)}>
          Add key pair…
        </button>
      }
    >
      {adding && (
        <AddKeyPairForm
          onDone={(g) => {
            setAdding(false);
            setGenerated(g);
          }}
        />
      )}
      {generated !== null && (
        <div className="banner banner--warning" role="status" data-testid={keyPairIds.privateKey}>
          <p>
            The private key of <strong>{generated.name}</strong>, shown this once: Virt Deck keeps no copy. Save it now (for example as <code>~/.ssh/{generated.name}</code>, mode 600).
          </p>
          <textarea className="input input--mono keypair-private" readOnly rows={8} value={generated.privateKey} aria-label="Private key" onFocus={(e) => e.target.select()} />
          <button type="button" className="button" onClick={() => setGenerated(null)}>
            I have saved it
          </button>
        </div>
      )}
    </ListScreen>
  );
}
