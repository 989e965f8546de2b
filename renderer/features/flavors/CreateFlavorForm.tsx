import { useId, useState, type ReactNode } from 'react';
import { FormPanel } from '../../shared/panel/FormPanel';
import { useAction } from '../../shared/stores/action-store';
import { createFlavor, flavorArgs, useFlavorActions, type FlavorFields } from './flavors-store';
import { flavorIds } from './test-ids';

const TEXT_FIELDS: readonly { key: Exclude<keyof FlavorFields, 'isPublic'>; label: string; placeholder: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', placeholder: 'm1.small', numeric: false },
  { key: 'vcpus', label: 'vCPUs', placeholder: '1', numeric: true },
  { key: 'ramMiB', label: 'RAM (MiB)', placeholder: '2048', numeric: true },
  { key: 'diskGiB', label: 'Root disk (GiB; 0: the image’s size)', placeholder: '20', numeric: true },
  { key: 'ephemeralGiB', label: 'Ephemeral disk (GiB)', placeholder: '0', numeric: true },
  { key: 'swapMiB', label: 'Swap (MiB)', placeholder: '0', numeric: true },
  { key: 'description', label: 'Description', placeholder: '', numeric: false },
];

const EMPTY: FlavorFields = { name: '', vcpus: '', ramMiB: '', diskGiB: '', ephemeralGiB: '', swapMiB: '', isPublic: true, description: '' };

/** Create a flavor (Nova's `flavor create`); each field says what is wrong as you type. */
export function CreateFlavorForm({ onDone }: { readonly onDone: () => void }) {
  const [fields, setFields] = useState<FlavorFields>(EMPTY);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const { busy, error, clearError } = useAction(useFlavorActions, 'create');
  const id = useId();
  const checked = flavorArgs(fields);
  const problems = checked.ok ? {} : checked.problems;
  return (
    <FormPanel
      title="Create flavor"
      testId={flavorIds.createForm}
      error={error}
      errorTestId={flavorIds.createError}
      submitLabel="Create flavor"
      busyLabel="Creating…"
      busy={busy}
      submitTestId={flavorIds.createSubmit}
      noValidate
      onSubmit={async () => {
        setTouched(new Set(TEXT_FIELDS.map((f) => f.key)));
        if (checked.ok && (await createFlavor(checked.args)) !== null) onDone();
      }}
      onCancel={() => {
        clearError();
        onDone();
      }}
    >
      {TEXT_FIELDS.map((field) => {
        const problem = touched.has(field.key) ? problems[field.key] : undefined;
        return (
          <FieldRow key={field.key} id={`${id}-${field.key}`} label={field.label} problem={problem}>
            <input
              id={`${id}-${field.key}`}
              className="input"
              data-testid={flavorIds.createField(field.key)}
              value={fields[field.key]}
              placeholder={field.placeholder}
              inputMode={field.numeric ? 'numeric' : undefined}
              aria-invalid={problem !== undefined}
              onChange={(e) => {
                setFields({ ...fields, [field.key]: e.target.value });
                setTouched(new Set([...touched, field.key]));
              }}
              autoComplete="off"
            />
          </FieldRow>
        );
      })}
      <span>Visibility</span>
      <label className="check">
        <input type="checkbox" data-testid={flavorIds.createField('isPublic')} checked={fields.isPublic} onChange={(e) => setFields({ ...fields, isPublic: e.target.checked })} />
        Public (every project may use it)
      </label>
    </FormPanel>
  );
}

function FieldRow(props: { readonly id: string; readonly label: string; readonly problem: string | undefined; readonly children: ReactNode }) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <span className="field">
        {props.children}
        {props.problem !== undefined && <span className="field-problem">{props.problem}</span>}
      </span>
    </>
  );
}
