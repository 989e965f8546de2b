import { useId, useState, type FormEvent } from 'react';
import { createProject, useProjectActions } from './projects-store';
import { projectIds } from './test-ids';

/** Create a project (tenant): a name and a description; its quota starts at the defaults. */
export function CreateProjectForm({ onDone }: { readonly onDone: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const busy = useProjectActions((s) => s.busy === 'create');
  const error = useProjectActions((s) => (s.error?.key === 'create' ? s.error.message : null));
  const clearError = useProjectActions((s) => s.clearError);
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await createProject(name.trim(), description)) !== null) onDone();
  };
  return (
    <form className="panel form" data-testid={projectIds.createForm} aria-label="Create project" onSubmit={(event) => void submit(event)}>
      <h2 className="panel__title">Create project</h2>
      <div className="panel__body">
        <div className="form__grid">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" data-testid={projectIds.createName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={255} placeholder="team-a" autoComplete="off" />
          <label htmlFor={`${id}-description`}>
            Description <span className="muted">(optional)</span>
          </label>
          <input id={`${id}-description`} className="input" data-testid={projectIds.createDescription} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1024} autoComplete="off" />
        </div>
        {error !== null && (
          <div className="banner banner--error form__error" role="alert" data-testid={projectIds.createError}>
            {error}
          </div>
        )}
        <div className="form__buttons">
          <button type="submit" className="button button--primary" data-testid={projectIds.createSubmit} disabled={busy || name.trim() === ''}>
            {busy ? 'Creating…' : 'Create project'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              clearError();
              onDone();
            }}
          >
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}
