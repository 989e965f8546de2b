import { useId, useState, type FormEvent } from 'react';
import { importImage, useImageActions } from './images-store';
import { imageIds } from './test-ids';

/**
 * Import an image from a file on the machine main runs on (qcow2, raw or ISO; main detects the format, checks it and
 * records its sizes); main's notes (min_disk raised to the virtual size) are shown after.
 */
export function ImportImageForm({ onDone }: { readonly onDone: (notes: readonly string[]) => void }) {
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [osType, setOsType] = useState('');
  const busy = useImageActions((s) => s.busy === 'import');
  const error = useImageActions((s) => (s.error?.key === 'import' ? s.error.message : null));
  const clearError = useImageActions((s) => s.clearError);
  const id = useId();
  // The file's name without its extension is the usual image name.
  const suggested = path.split('/').pop()?.replace(/\.(qcow2|img|raw|iso)$/i, '') ?? '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const imported = await importImage({ path: path.trim(), name: (name.trim() || suggested).trim(), ...(osType.trim() === '' ? {} : { osType: osType.trim() }) });
    if (imported !== null) onDone(imported.notes);
  };

  return (
    <form className="panel form" data-testid={imageIds.importForm} aria-label="Import image" onSubmit={(event) => void submit(event)}>
      <h2 className="panel__title">Import image</h2>
      <div className="panel__body">
        <div className="form__grid">
          <label htmlFor={`${id}-path`}>File on the Virt Deck machine</label>
          <input id={`${id}-path`} className="input input--mono" data-testid={imageIds.importPath} value={path} onChange={(e) => setPath(e.target.value)} required maxLength={4096} placeholder="/var/lib/images/cirros-0.6.2-x86_64-disk.img" spellCheck={false} autoComplete="off" />
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" data-testid={imageIds.importName} value={name} onChange={(e) => setName(e.target.value)} maxLength={255} placeholder={suggested || 'cirros'} autoComplete="off" />
          <label htmlFor={`${id}-os`}>
            OS type <span className="muted">(optional)</span>
          </label>
          <input id={`${id}-os`} className="input" data-testid={imageIds.importOsType} value={osType} onChange={(e) => setOsType(e.target.value)} maxLength={64} placeholder="linux" autoComplete="off" />
        </div>
        <p className="muted form__hint">The file is read by Virt Deck itself (the machine running it), copied into its image store and checked; hosts get it when an instance needs it.</p>
        {error !== null && (
          <div className="banner banner--error form__error" role="alert" data-testid={imageIds.importError}>
            {error}
          </div>
        )}
        <div className="form__buttons">
          <button type="submit" className="button button--primary" data-testid={imageIds.importSubmit} disabled={busy || path.trim() === ''}>
            {busy ? 'Importing…' : 'Import'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              clearError();
              onDone([]);
            }}
          >
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}
