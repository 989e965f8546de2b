import { Field, controlProps } from './Field';
import type { StepProps } from './step-props';

/** Details: name, project, count, description. */
export function DetailsStep({ draft, errors, facts, setField }: StepProps) {
  return (
    <div className="wizard-fields">
      <Field field="name" label="Instance name" error={errors.name} hint="With a count above 1, each gets -1, -2, …">
        <input className="input" {...controlProps('name', errors.name)} value={draft.name} autoComplete="off" spellCheck={false} onChange={(e) => setField('name', e.target.value)} />
      </Field>
      <Field field="project" label="Project" error={errors.project}>
        <select className="input" {...controlProps('project', errors.project)} value={draft.project} onChange={(e) => setField('project', e.target.value)}>
          <option value="">Choose a project</option>
          {facts.projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.enabled ? '' : ' (disabled)'}
            </option>
          ))}
        </select>
      </Field>
      <Field field="count" label="Count" error={errors.count}>
        <input className="input wizard-field__narrow" inputMode="numeric" {...controlProps('count', errors.count)} value={draft.count} onChange={(e) => setField('count', e.target.value)} />
      </Field>
      <Field field="description" label="Description" error={errors.description} hint="Optional">
        <input className="input" {...controlProps('description', errors.description)} value={draft.description} onChange={(e) => setField('description', e.target.value)} />
      </Field>
    </div>
  );
}
