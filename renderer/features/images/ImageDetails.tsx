import { useEffect, useState } from 'react';
import type { Image } from '../../../common/contract/schemas';
import { backend } from '../../shared/backend/current-backend';
import { Dialog } from '../../shared/dialogs/Dialog';
import { formatTime } from '../../shared/format/format';
import { errorMessage } from '../../shared/stores/load-state';
import { PropertyTable } from '../../shared/table/PropertyTable';
import { formatBytes } from '../../shared/format/format';
import { imageIds } from './test-ids';

/** `glance image-show` for one image (asked of main when opened): sizes, checksum, properties, hosts holding it. */
export function ImageDetails({ id, onClose }: { readonly id: string; readonly onClose: () => void }) {
  const [image, setImage] = useState<Image | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    backend()
      .call('images.show', { ref: id })
      .then((shown) => current && setImage(shown), (e: unknown) => current && setError(errorMessage(e)));
    return () => {
      current = false;
    };
  }, [id]);
  return (
    <Dialog title={image === null ? 'Image' : `Image ${image.name}`} testId={imageIds.details} onClose={onClose} wide actions={<button type="button" className="button" onClick={onClose}>Close</button>}>
      {error !== null && <div className="banner banner--error" role="alert">{error}</div>}
      {image === null ? (
        error === null && <p className="muted">Loading…</p>
      ) : (
        <PropertyTable
          valueTestId={(name) => `image-prop-${name}`}
          rows={[
            { name: 'id', value: <code>{image.id}</code> },
            { name: 'status', value: image.status },
            { name: 'disk_format', value: image.diskFormat },
            { name: 'size', value: formatBytes(image.sizeBytes) },
            { name: 'virtual_size', value: formatBytes(image.virtualSizeBytes) },
            { name: 'checksum (sha256)', value: image.checksumSha256 === null ? '—' : <code className="id">{image.checksumSha256}</code> },
            { name: 'min_disk', value: `${image.minDiskGiB} GiB` },
            { name: 'min_ram', value: `${image.minRamMiB} MiB` },
            { name: 'visibility', value: image.visibility },
            { name: 'source', value: image.source ?? '—' },
            { name: 'properties', value: Object.keys(image.properties).length === 0 ? '—' : Object.entries(image.properties).map(([k, v]) => `${k}=${v}`).join(', ') },
            { name: 'hosts', value: image.hosts.length === 0 ? 'none yet (copied when an instance needs it)' : image.hosts.map((h) => `${h.hostName}: ${h.pool}/${h.volume} (${h.status})`).join('; ') },
            { name: 'instances', value: image.instances },
            { name: 'created_at', value: formatTime(image.createdAt) },
          ]}
        />
      )}
    </Dialog>
  );
}
