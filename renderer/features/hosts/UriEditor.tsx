import { useState } from 'react';
import { buildUri, parseUri, URI_TRANSPORTS, uriPartsProblems, type UriParts } from './host-uri';

/** Test ids of one URI editor (the Add host form and the Edit form each have their own). */
export interface UriEditorTestIds {
  readonly uri: string;
  readonly mode: string;
  readonly part: (part: string) => string;
}

type Mode = 'text' | 'form';
const PART_FIELDS: readonly { key: Exclude<keyof UriParts, 'transport' | 'query'>; label: string; placeholder: string }[] = [
  { key: 'driver', label: 'Driver', placeholder: 'qemu' },
  { key: 'user', label: 'User', placeholder: 'root' },
  { key: 'host', label: 'Host', placeholder: 'hv1.example.org' },
  { key: 'port', label: 'Port', placeholder: '22' },
  { key: 'path', label: 'Path', placeholder: '/system' },
];

/** What is wrong with a URI's parts, by part (empty when it is fine, or when it is not a URI the parts form can show). */
export function uriProblems(uri: string): Partial<Record<keyof UriParts, string>> {
  const parts = parseUri(uri);
  return parts === null ? {} : uriPartsProblems(parts);
}

/**
 * A libvirt URI, typed as text or edited as parts (transport, driver, user, host, port, path), each part checked as
 * it is typed. Rows of a `form__grid`; main checks the URI again when it is submitted.
 */
export function UriEditor(props: {
  readonly id: string;
  readonly uri: string;
  readonly onChange: (uri: string) => void;
  readonly testIds: UriEditorTestIds;
  readonly placeholder?: string;
}) {
  const { id, uri, onChange, testIds } = props;
  const [mode, setMode] = useState<Mode>('text');
  // An empty URI is edited as parts from a new SSH host; anything the parts cannot show stays text.
  const parts = parseUri(uri) ?? (uri.trim() === '' ? { transport: 'ssh', driver: 'qemu', user: '', host: '', port: '', path: '/system', query: '' } : null);
  const problems = parts === null ? {} : uriPartsProblems(parts);
  const setPart = (key: keyof UriParts, value: string) => {
    if (parts !== null) onChange(buildUri({ ...parts, [key]: value }));
  };
  return (
    <>
      <span>libvirt URI</span>
      <div className="host-edit__mode" role="radiogroup" aria-label="Enter the URI as" data-testid={testIds.mode}>
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
            data-testid={testIds.uri}
            value={uri}
            onChange={(e) => onChange(e.target.value)}
            required
            maxLength={2048}
            placeholder={props.placeholder}
            spellCheck={false}
            autoComplete="off"
          />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-transport`}>Transport</label>
          <select id={`${id}-transport`} className="input" data-testid={testIds.part('transport')} value={parts.transport} onChange={(e) => setPart('transport', e.target.value)}>
            {URI_TRANSPORTS.map((t) => (
              <option key={t} value={t}>
                {t === '' ? '(local socket / TLS)' : t}
              </option>
            ))}
          </select>
          {PART_FIELDS.map((field) => (
            <PartField key={field.key} id={`${id}-${field.key}`} label={field.label} placeholder={field.placeholder} value={parts[field.key]} problem={problems[field.key]} testId={testIds.part(field.key)} onChange={(v) => setPart(field.key, v)} />
          ))}
          <span>URI</span>
          <code data-testid={testIds.uri}>{uri}</code>
        </>
      )}
    </>
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
