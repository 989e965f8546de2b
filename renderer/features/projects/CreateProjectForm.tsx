import { useId, useState } from 'react';
import { FormPanel } from '../../shared/panel/FormPanel';
import { useAction } from '../../shared/stores/action-store';
import { createProject, useProjectActions } from './projects-store';
import { projectIds } from './test-ids';

/** Create a project (tenant): a name and a description; its quota starts at the defaults. */
export function CreateProjectForm({ onDone }: { readonly onDone: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, error, clearError } = useAction(useProjectActions, 'create');
  const id = useId();
  return (
    <FormPanel
      title="Create project"
      testId={projectIds.createForm}
      error={error}
      errorTestId={projectIds.createError}
      submitLabel="Create project"
      busyLabel="Creating…"
      busy={busy}
      submitDisabled={name.trim() === ''}
      submitTestId={projectIds.createSubmit}
      onSubmit={async () => {
        if ((await createProject(name.trim(), description)) !== null) onDone();
      }}
      onCancel={() => {
        clearError();
        onDone();
      }}
    >
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} className="input" data-testid={projectIds.createName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={255} placeholder="team-a" autoComplete="off" />
      <label htmlFor={`${id}-description`}>
        Description <span className="muted">(optional)</span>
      </label>
      <input id={`${id}-description`} className="input" data-testid={projectIds.createDescription} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1024} autoComplete="off" />
    </FormPanel>
  );
}
