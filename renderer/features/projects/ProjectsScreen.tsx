import type { ProjectListing } from '../../../common/contract/schemas';
import { useProjectsStore } from './projects-store';
import { testIds } from '../../testIds';
import { ListScreen, type Column } from '../../shared/table/ListScreen';

const COLUMNS: readonly Column<ProjectListing>[] = [
  { title: 'Name', cell: (p) => <strong>{p.name}</strong> },
  { title: 'Description', cell: (p) => p.description || <span className="muted">—</span> },
  { title: 'Enabled', cell: (p) => (p.enabled ? 'Yes' : 'No') },
  { title: 'Created', cell: (p) => new Date(p.createdAt).toLocaleString() },
  { title: 'ID', cell: (p) => <code className="id">{p.id}</code> },
];

/** The projects (tenants). */
export function ProjectsScreen() {
  const store = useProjectsStore();
  return (
    <ListScreen
      section="projects"
      title="Projects"
      store={store}
      columns={COLUMNS}
      rowKey={(p) => p.id}
      rowTestId={(p) => testIds.projectRow(p.name)}
      tableTestId={testIds.projectsTable}
      empty={
        <>
          No projects. Create one with <code>virt-deck project create</code>.
        </>
      }
    />
  );
}
