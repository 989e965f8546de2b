import { useId, useState, type FormEvent } from 'react';
import type { Host } from '../../../../common/contract/schemas';
import { useHostDetailsStore, type HostEdit } from '../host-details-store';
import { hostDetailIds } from '../test-ids';
import { UriEditor, uriProblems } from '../UriEditor';

/** Edit a host's name and libvirt URI, the URI as text or as a small form (driver, transport, user, host, port, path). */
export function EditHostForm({ host, onDone }: { readonly host: Host; readonly onDone: () => void }) {
  const [name, setName] = useState(host.name);
  const [uri, setUri] = useState(host.uri);
  const [sameHypervisor, setSameHypervisor] = useState(false);
  // Main refuses a new URI for a host with instances unless told it still reaches the same hypervisor.
  const repointing = uri.trim() !== host.uri && host.usage.instances > 0;
  const update = useHostDetailsStore((s) => s.update);
  const saving = useHostDetailsStore((s) => s.saving);
  const error = useHostDetailsStore((s) => s.saveError);
  const clearSaveError = useHostDetailsStore((s) => s.clearSaveError);
  const id = useId();
  const problems = uriProblems(uri);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const edit: HostEdit = {
      ...(name.trim() === host.name ? {} : { name: name.trim() }),
      ...(uri.trim() === host.uri ? {} : { uri: uri.trim() }),
      ...(repointing && sameHypervisor ? { force: true } : {}),
    };
    if (Object.keys(edit).length === 0 || (await update(host.id, edit))) onDone();
  };

  return (
    <form className="form host-edit" data-testid={hostDetailIds.editForm} aria-label={`Edit host ${host.name}`} onSubmit={(event) => void submit(event)}>
      <div className="form__grid">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} className="input" data-testid={hostDetailIds.editName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={63} autoComplete="off" />
        <UriEditor id={id} uri={uri} onChange={setUri} testIds={{ uri: hostDetailIds.editUri, mode: hostDetailIds.editMode, part: hostDetailIds.editPart }} />
        {repointing && (
          <>
            <span />
            <label className="check" data-testid={hostDetailIds.editSameHypervisor}>
              <input type="checkbox" checked={sameHypervisor} onChange={(e) => setSameHypervisor(e.target.checked)} />
              The new URI reaches the same hypervisor (a new port or address): keep its {host.usage.instances} instance{host.usage.instances === 1 ? '' : 's'}. On
              another one they would be marked deleted or ERROR.
            </label>
          </>
        )}
      </div>
      {error !== null && (
        <div className="banner banner--error form__error" role="alert" data-testid={hostDetailIds.editError}>
          {error}
        </div>
      )}
      <div className="form__buttons">
        <button type="submit" className="button button--primary" data-testid={hostDetailIds.editSave} disabled={saving || Object.keys(problems).length > 0 || (repointing && !sameHypervisor)}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button"
          data-testid={hostDetailIds.editCancel}
          onClick={() => {
            clearSaveError();
            onDone();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
