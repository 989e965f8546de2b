import { useState } from 'react';
import type { FlavorListing } from '../../../common/contract/schemas';
import { ConfirmDelete } from '../../shared/dialogs/ConfirmDelete';
import { formatMiB } from '../../shared/format/format';
import { ListScreen, type Column } from '../../shared/table/ListScreen';
import { testIds } from '../../testIds';
import { CreateFlavorForm } from './CreateFlavorForm';
import { deleteFlavor, useFlavorActions, useFlavorsStore } from './flavors-store';
import { flavorIds } from './test-ids';

function DeleteFlavor({ flavor }: { readonly flavor: FlavorListing }) {
  return (
    <ConfirmDelete what={`flavor ${flavor.name}`} testId={flavorIds.delete(flavor.name)} actions={useFlavorActions} actionKey={`delete:${flavor.id}`} onConfirm={() => deleteFlavor(flavor.id)}>
      <p>Instances built from it keep their sizes; new instances can no longer use it.</p>
    </ConfirmDelete>
  );
}

const COLUMNS: readonly Column<FlavorListing>[] = [
  { title: 'Name', cell: (f) => <strong>{f.name}</strong> },
  { title: 'vCPUs', cell: (f) => f.vcpus, numeric: true },
  { title: 'RAM', cell: (f) => formatMiB(f.ramMiB), numeric: true },
  { title: 'Disk', cell: (f) => `${f.diskGiB} GiB`, numeric: true },
  { title: 'Ephemeral', cell: (f) => `${f.ephemeralGiB} GiB`, numeric: true },
  { title: 'Swap', cell: (f) => (f.swapMiB ? formatMiB(f.swapMiB) : '—'), numeric: true },
  { title: 'Public', cell: (f) => (f.isPublic ? 'Yes' : 'No') },
  { title: 'ID', cell: (f) => <code className="id">{f.id}</code> },
  { title: 'Actions', cell: (f) => <DeleteFlavor flavor={f} /> },
];

/** The flavors, as `virt-deck flavor list` shows them; create and delete (flavors are not edited, as in Nova). */
export function FlavorsScreen() {
  const store = useFlavorsStore();
  const [creating, setCreating] = useState(false);
  return (
    <ListScreen
      section="flavors"
      title="Flavors"
      store={store}
      columns={COLUMNS}
      rowKey={(f) => f.id}
      rowTestId={(f) => testIds.flavorRow(f.name)}
      tableTestId={testIds.flavorsTable}
      empty="No flavors: create one above."
      actions={
        <button type="button" className="button button--primary" data-testid={flavorIds.createOpen} disabled={creating} onClick={() => setCreating(true)}>
          Create flavor…
        </button>
      }
    >
      {creating && <CreateFlavorForm onDone={() => setCreating(false)} />}
    </ListScreen>
  );
}
