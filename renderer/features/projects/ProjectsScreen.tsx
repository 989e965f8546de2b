import { useState } from 'react';
import type { ProjectListing } from '../../../common/contract/schemas';
import { testIds } from '../../testIds';
import { ListScreen, type Column } from '../../shared/table/ListScreen';
import { CreateProjectForm } from './CreateProjectForm';
import { useProjectsStore } from './projects-store';
import { QuotaDialog } from './QuotaDialog';
import './projects.css';
import { projectIds } from './test-ids';

/** The projects (tenants): create one, see and set each one's quota. */
export function ProjectsScreen() {
  const store = useProjectsStore();
  const [creating, setCreating] = useState(false);
  const [quotaOf, setQuotaOf] = useState<ProjectListing | null>(null);
  const columns: readonly Column<ProjectListing>[] = [
    { title: 'Name', cell: (p) => <strong>{p.name}</strong> },
    { title: 'Description', cell: (p) => p.description || <span className="muted">—</span> },
    { title: 'Enabled', cell: (p) => (p.enabled ? 'Yes' : 'No') },
    { title: 'ID', cell: (p) => <code className="id">{p.id}</code> },
    {
      title: 'Quota',
      cell: (p) => (
        <button type="button" className="button" data-testid={projectIds.quotaOpen(p.name)} onClick={() => setQuotaOf(p)}>
          Quota…
        </button>
      ),
    },
  ];
  return (
    <ListScreen
      section="projects"
      title="Projects"
      store={store}
      columns={columns}
      rowKey={(p) => p.id}
      rowTestId={(p) => testIds.projectRow(p.name)}
      tableTestId={testIds.projectsTable}
      empty="No projects: create one above."
      actions={
        <button type="button" className="button button--primary" data-testid={projectIds.createOpen} disabled={creating} onClick={() => setCreating(true)}>
          Create project…
        </button>
      }
    >
      {creating && <CreateProjectForm onDone={() => setCreating(false)} />}
      {quotaOf !== null && <QuotaDialog project={quotaOf} onClose={() => setQuotaOf(null)} />}
    </ListScreen>
  );
}
