import type { FlavorListing } from '../../../common/contract/schemas';
import { formatMiB } from '../../shared/format/format';
import { useFlavorsStore } from './flavors-store';
import { testIds } from '../../testIds';
import { ListScreen, type Column } from '../../shared/table/ListScreen';

const COLUMNS: readonly Column<FlavorListing>[] = [
  { title: 'Name', cell: (f) => <strong>{f.name}</strong> },
  { title: 'vCPUs', cell: (f) => f.vcpus, numeric: true },
  { title: 'RAM', cell: (f) => formatMiB(f.ramMiB), numeric: true },
  { title: 'Disk', cell: (f) => `${f.diskGiB} GiB`, numeric: true },
  { title: 'Ephemeral', cell: (f) => `${f.ephemeralGiB} GiB`, numeric: true },
  { title: 'Swap', cell: (f) => (f.swapMiB ? formatMiB(f.swapMiB) : '—'), numeric: true },
  { title: 'Public', cell: (f) => (f.isPublic ? 'Yes' : 'No') },
  { title: 'ID', cell: (f) => <code className="id">{f.id}</code> },
];

/** The flavors, as `virt-deck flavor list` shows them. */
export function FlavorsScreen() {
  const store = useFlavorsStore();
  return (
    <ListScreen
      section="flavors"
      title="Flavors"
      store={store}
      columns={COLUMNS}
      rowKey={(f) => f.id}
      rowTestId={(f) => testIds.flavorRow(f.name)}
      tableTestId={testIds.flavorsTable}
      empty={
        <>
          No flavors. Create one with <code>virt-deck flavor create</code>.
        </>
      }
    />
  );
}
