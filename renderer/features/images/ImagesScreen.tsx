import { useState } from 'react';
import type { Image } from '../../../common/contract/schemas';
import { ConfirmDelete } from '../../shared/dialogs/ConfirmDelete';
import { ListScreen, type Column } from '../../shared/table/ListScreen';
import { formatBytes } from '../../shared/format/format';
import { ImageDetails } from './ImageDetails';
import { deleteImage, useImageActions, useImagesStore } from './images-store';
import { ImportImageForm } from './ImportImageForm';
import { imageIds } from './test-ids';

function DeleteImage({ image }: { readonly image: Image }) {
  return (
    <ConfirmDelete what={`image ${image.name}`} testId={imageIds.delete(image.name)} actions={useImageActions} actionKey={`delete:${image.id}`} onConfirm={async () => (await deleteImage(image.id)) !== null}>
      <p>
        {image.instances > 0
          ? `${image.instances} live instance${image.instances === 1 ? '' : 's'} still use it: their hosts keep the base volume until none does.`
          : 'Its base volumes on hosts are removed too.'}
      </p>
    </ConfirmDelete>
  );
}

/** The images (`glance image-list`), importing a file from the Virt Deck machine, details and delete. */
export function ImagesScreen() {
  const store = useImagesStore();
  const [importing, setImporting] = useState(false);
  const [notes, setNotes] = useState<readonly string[]>([]);
  const [shown, setShown] = useState<string | null>(null);
  const columns: readonly Column<Image>[] = [
    { title: 'Name', cell: (i) => <strong>{i.name}</strong> },
    { title: 'Status', cell: (i) => i.status },
    { title: 'Format', cell: (i) => i.diskFormat },
    { title: 'Size', cell: (i) => formatBytes(i.sizeBytes), numeric: true },
    { title: 'Virtual size', cell: (i) => formatBytes(i.virtualSizeBytes), numeric: true },
    { title: 'Min disk', cell: (i) => `${i.minDiskGiB} GiB`, numeric: true },
    { title: 'On hosts', cell: (i) => (i.hosts.length === 0 ? '—' : i.hosts.map((h) => h.hostName).join(', ')) },
    { title: 'Instances', cell: (i) => i.instances, numeric: true },
    {
      title: 'Actions',
      cell: (i) => (
        <span className="row-actions">
          <button type="button" className="button" data-testid={imageIds.show(i.name)} onClick={() => setShown(i.id)}>
            Details
          </button>
          <DeleteImage image={i} />
        </span>
      ),
    },
  ];
  return (
    <ListScreen
      section="images"
      title="Images"
      store={store}
      columns={columns}
      rowKey={(i) => i.id}
      rowTestId={(i) => imageIds.row(i.name)}
      tableTestId={imageIds.table}
      empty={
        <>
          No images yet: import a qcow2 or raw disk image above, or with <code>virt-deck image import</code>.
        </>
      }
      actions={
        <button type="button" className="button button--primary" data-testid={imageIds.importOpen} disabled={importing} onClick={() => setImporting(true)}>
          Import image…
        </button>
      }
    >
      {importing && (
        <ImportImageForm
          onDone={(n) => {
            setImporting(false);
            setNotes(n);
          }}
        />
      )}
      {notes.length > 0 && (
        <div className="banner banner--warning" role="status" data-testid={imageIds.importNotes}>
          <ul>
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
          <button type="button" className="button" onClick={() => setNotes([])}>
            Dismiss
          </button>
        </div>
      )}
      {shown !== null && <ImageDetails id={shown} onClose={() => setShown(null)} />}
    </ListScreen>
  );
}
