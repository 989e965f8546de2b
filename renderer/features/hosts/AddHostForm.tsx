import { useId, useState, type FormEvent } from 'react';
import { useHostsStore, type AddHostInput } from '../../shared/stores/hosts-store';
import { testIds } from '../../testIds';
import { UriEditor, uriProblems, type UriEditorTestIds } from './UriEditor';

const ADD_URI_IDS: UriEditorTestIds = { uri: testIds.addHostUri, mode: 'add-host-uri-mode', part: (part) => `add-host-uri-${part}` };

/** The Add host form: name and libvirt URI (as text or as parts), plus SSH key and known_hosts files; the backend's refusal is shown as it said it. */
export function AddHostForm(props: { readonly onAdded: () => void; readonly onCancel?: (() => void) | undefined }) {
  const [name, setName] = useState('');
  const [uri, setUri] = useState('');
  const [keyFile, setKeyFile] = useState('');
  const [knownHostsFile, setKnownHostsFile] = useState('');
  const add = useHostsStore((s) => s.add);
  const adding = useHostsStore((s) => s.adding);
  const error = useHostsStore((s) => s.addError);
  const clearErrors = useHostsStore((s) => s.clearErrors);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: AddHostInput = {
      name: name.trim(),
      uri: uri.trim(),
      ...(keyFile.trim() === '' ? {} : { keyFile: keyFile.trim() }),
      ...(knownHostsFile.trim() === '' ? {} : { knownHostsFile: knownHostsFile.trim() }),
    };
    if (await add(input)) {
      setName('');
      setUri('');
      setKeyFile('');
      setKnownHostsFile('');
      props.onAdded();
    }
  };

  return (
    <form className="panel form" data-testid={testIds.addHostForm} aria-label="Add host" onSubmit={(event) => void submit(event)}>
      <h2 className="panel__title">Add host</h2>
      <div className="panel__body">
        <div className="form__grid">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" data-testid={testIds.addHostName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={63} placeholder="hv1" autoComplete="off" />
          <UriEditor id={id} uri={uri} onChange={setUri} testIds={ADD_URI_IDS} placeholder="qemu+ssh://root@hv1.example.org/system" />
          <label htmlFor={`${id}-key`}>
            SSH key file <span className="muted">(optional)</span>
          </label>
          <input id={`${id}-key`} className="input input--mono" data-testid={testIds.addHostKeyFile} value={keyFile} onChange={(e) => setKeyFile(e.target.value)} placeholder="~/.ssh/id_ed25519" spellCheck={false} />
          <label htmlFor={`${id}-known`}>
            known_hosts file <span className="muted">(optional)</span>
          </label>
          <input id={`${id}-known`} className="input input--mono" data-testid={testIds.addHostKnownHosts} value={knownHostsFile} onChange={(e) => setKnownHostsFile(e.target.value)} placeholder="~/.ssh/known_hosts" spellCheck={false} />
        </div>
        <p className="muted form__hint">
          <code>qemu:///system</code> for this machine, <code>qemu+ssh://user@host/system</code> for a remote one (only libvirtd and sshd are needed there; the
          key and known_hosts files apply to SSH URIs).
        </p>
        {error !== null && (
          <div className="banner banner--error form__error" role="alert" data-testid={testIds.addHostError}>
            {error}
          </div>
        )}
        <div className="form__buttons">
          <button type="submit" className="button button--primary" data-testid={testIds.addHostSubmit} disabled={adding || Object.keys(uriProblems(uri)).length > 0}>
            {adding ? 'Adding…' : 'Add host'}
          </button>
          {props.onCancel !== undefined && (
            <button
              type="button"
              className="button"
              data-testid={testIds.addHostCancel}
              onClick={() => {
                clearErrors();
                props.onCancel?.();
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
