import { useId, useState } from 'react';
import { FormPanel } from '../../shared/panel/FormPanel';
import { suggestedImageName } from '../../shared/format/format';
import { useAction } from '../../shared/stores/action-store';
import { importImage, useImageActions } from './images-store';
import { imageIds } from './test-ids';

/**
 * Import an image from a file on the machine main runs on (qcow2 or raw; main detects the format, checks it and
 * records its sizes); main's notes (min_disk raised to the virtual size) are shown after.
 */
export function ImportImageForm({ onDone }: { readonly onDone: (notes: readonly string[]) => void }) {
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [osType, setOsType] = useState('');
  const { busy, error, clearError } = useAction(useImageActions, 'import');
  const id = useId();
  // The file's name without its extension is the usual image name.
  const suggested = suggestedImageName(path);
  return (
    <FormPanel
      title="Import image"
      testId={imageIds.importForm}
      hint="The file is read by Virt Deck itself (the machine running it), copied into its image store and checked; hosts get it when an instance needs it."
      error={error}
      errorTestId={imageIds.importError}
      submitLabel="Import"
      busyLabel="Importing…"
      busy={busy}
      submitDisabled={path.trim() === ''}
      submitTestId={imageIds.importSubmit}
      onSubmit={async () => {
        const imported = await importImage({ path: path.trim(), name: name.trim() || suggested, ...(osType.trim() === '' ? {} : { osType: osType.trim() }) });
        if (imported !== null) onDone(imported.notes);
      }}
      onCancel={() => {
        clearError();
        onDone([]);
      }}
    >
      <label htmlFor={`${id}-path`}>File on the Virt Deck machine</label>
      <input id={`${id}-path`} className="input input--mono" data-testid={imageIds.importPath} value={path} onChange={(e) => setPath(e.target.value)} required maxLength={4096} placeholder="/var/lib/images/cirros-0.6.2-x86_64-disk.img" spellCheck={false} autoComplete="off" />
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} className="input" data-testid={imageIds.importName} value={name} onChange={(e) => setName(e.target.value)} maxLength={255} placeholder={suggested || 'cirros'} autoComplete="off" />
      <label htmlFor={`${id}-os`}>
        OS type <span className="muted">(optional)</span>
      </label>
      <input id={`${id}-os`} className="input" data-testid={imageIds.importOsType} value={osType} onChange={(e) => setOsType(e.target.value)} maxLength={64} placeholder="linux" autoComplete="off" />
    </FormPanel>
  );
}
