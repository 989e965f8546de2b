import { useId, useState, type FormEvent } from 'react';
import type { Host } from '../../../../common/contract/schemas';
import { useHostDetailsStore, type HostEdit } from '../host-details-store';
import { buildUri, parseUri, URI_TRANSPORTS, uriPartsProblems, type UriParts } from '../host-uri';
import { hostDetailIds } from '../test-ids';

type Mode = 'text' | 'form';
const PART_FIELDS: readonly { key: Exclude<keyof UriParts, 'transport' | 'query'>; label: string; placeholder: string }[] = [
  { key: 'driver', label: 'Driver', placeholder: 'qemu' },
  { key: 'user', label: 'User', placeholder: 'root' },
  { key: 'host', label: 'Host', placeholder: 'hv1.example.org' },
  { key: 'port', label: 'Port', placeholder: '22' },
  { key: 'path', label: 'Path', placeholder: '/system' },
];

/** Edit a host's name and libvirt URI, the URI as text or as a small form (driver, transport, user, host, port, path). */
export function EditHostForm({ host, onDone }: { readonly host: Host; readonly onDone: () => void }) {
  const [name, setName] = useState(host.name);
  const [uri, setUri] = useState(host.uri);
  const parts = parseUri(uri);
  const [mode, setMode] = useState<Mode>('text');
  const update = useHostDetailsStore((s) => s.update);
  const saving = useHostDetailsStore((s) => s.saving);
  const error = useHostDetailsStore((s) => s.saveError);
  const clearSaveError = useHostDetailsStore((s) => s.clearSaveError);
  const id = useId();
  const problems = parts === null ? {} : uriPartsProblems(parts);
  const setPart = (key: keyof UriParts, value: string) => {
    if (parts !== null) setUri(buildUri({ ...parts, [key]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const edit: HostEdit = {
      ...(name.trim() === host.name ? {} : { name: name.trim() }),
      ...(uri.trim() === host.uri ? {} : { uri: uri.trim() }),
    };
    if (Object.keys(edit).length === 0 || (await update(host.id, edit))) onDone();
  };

  return (
    <form className="form host-edit" data-testid={hostDetailIds.editForm} aria-label={`Edit host ${host.name}`} onSubmit={(event) => void submit(event)}>
      <div className="form__grid">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} className="input" data-testid={hostDetailIds.editName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={63} autoComplete="off" />
        <span>libvirt URI</span>
        <div className="host-edit__mode" role="radiogroup" aria-label="Edit the URI as" data-testid={hostDetailIds.editMode}>
          {(['text', 'form'] as const).map((m) => (
            <label key={m} className="check">
              <input type="radio" name={`${id}-mode`} checked={mode === m} disabled={m === 'form' && parts === null} onChange={() => setMode(m)} />
              {m === 'text' ? 'Text' : 'Parts'}
            </label>
          ))}
        </div>
        {mode === 'text' || parts === null ? (
          <>
            <label htmlFor={`${id}-uri`}>URI</label>
            <input
              id={`${id}-uri`}
              className="input input--mono"
              data-testid={hostDetailIds.editUri}
              value={uri}
              onChange={(e) => setUri(e.target.value)}
              required
              maxLength={2048}
              spellCheck={false}
              autoComplete="off"
            />
          </>
        ) : (
          <>
            <label htmlFor={`${id}-transport`}>Transport</label>
            <select id={`${id}-transport`} className="input" data-testid={hostDetailIds.editPart('transport')} value={parts.transport} onChange={(e) => setPart('transport', e.target.value)}>
              {URI_TRANSPORTS.map((t) => (
                <option key={t} value={t}>
                  {t === '' ? '(local socket / TLS)' : t}
                </option>
              ))}
            </select>
            {PART_FIELDS.map((field) => (
              <PartField key={field.key} id={`${id}-${field.key}`} label={field.label} placeholder={field.placeholder} value={parts[field.key]} problem={problems[field.key]} testId={hostDetailIds.editPart(field.key)} onChange={(v) => setPart(field.key, v)} />
            ))}
            <span>URI</span>
            <code data-testid={hostDetailIds.editUri}>{uri}</code>
          </>
        )}
      </div>
      {error !== null && (
        <div className="banner banner--error form__error" role="alert" data-testid={hostDetailIds.editError}>
          {error}
        </div>
      )}
      <div className="form__buttons">
        <button type="submit" className="button button--primary" data-testid={hostDetailIds.editSave} disabled={saving || Object.keys(problems).length > 0}>
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

function PartField(props: { id: string; label: string; placeholder: string; value: string; problem: string | undefined; testId: string; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <span className="field">
        <input
          id={props.id}
          className="input input--mono"
          data-testid={props.testId}
          value={props.value}
          placeholder={props.placeholder}
          onChange={(e) => props.onChange(e.target.value)}
          aria-invalid={props.problem !== undefined}
          aria-describedby={props.problem === undefined ? undefined : `${props.id}-problem`}
          spellCheck={false}
          autoComplete="off"
        />
        {props.problem !== undefined && (
          <span id={`${props.id}-problem`} className="field-problem">
            {props.problem}
          </span>
        )}
      </span>
    </>
  );
}
