import { useState, type KeyboardEvent } from 'react';
import { createTestIds } from './create-test-ids';
import { suggestedImageName } from '../../shared/format/format';
import { progressLine, uploadProblems, type UploadState } from './upload-model';

/** What the Source step's import needs from the store. */
export interface ImportImageProps {
  readonly upload: UploadState | null;
  /** False where the page cannot import a local file (no backend support). */
  readonly canUpload: boolean;
  readonly startUpload: (file: File, name: string) => Promise<void>;
  readonly cancelUpload: () => void;
  /** False where a started import cannot be stopped (Electron: main's `images.import` has no cancel). */
  readonly canCancel: boolean;
}

/**
 * Import a local file as an image, under the image table: a file picker, the image's name (from the file name), and
 * while it uploads the bytes sent, rate and time left with Cancel. main checks it as `images.import` does (qcow2 or
 * raw from the header, sha256); its refusal is shown as it is. On success the store selects the new image.
 */
export function ImportImageFile({ upload, canUpload, startUpload, cancelUpload, canCancel }: ImportImageProps) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  if (!canUpload) return null;
  const running = upload?.phase === 'uploading';
  const problems = uploadProblems(file, name);
  const shown = tried || file !== null ? problems : {};
  const start = (): void => {
    setTried(true);
    if (file === null || Object.keys(problems).length > 0 || running) return;
    void startUpload(file, name);
  };
  // Enter here starts the import rather than going to the next step.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Enter') return;
    event.stopPropagation();
    if ((event.target as HTMLElement).tagName === 'INPUT') {
      event.preventDefault();
      start();
    }
  };
  return (
    <section className="wizard-import" aria-labelledby="create-upload-title" onKeyDown={onKeyDown}>
      <h4 id="create-upload-title" className="wizard-field__label">
        Import a local file
      </h4>
      <div className="wizard-import__row">
        <label className="wizard-import__field">
          <span>Disk image (qcow2 or raw)</span>
          <input
            type="file"
            className="input"
            data-testid={createTestIds.uploadFile}
            aria-invalid={shown.file !== undefined}
            aria-describedby="create-upload-message"
            disabled={running}
            onChange={(e) => {
              const picked = e.target.files?.[0] ?? null;
              setFile(picked);
              if (picked !== null && (name === '' || name === suggestedImageName(file?.name ?? ''))) setName(suggestedImageName(picked.name));
            }}
          />
        </label>
        <label className="wizard-import__field">
          <span>Image name</span>
          <input
            className="input"
            data-testid={createTestIds.uploadName}
            value={name}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={shown.name !== undefined}
            aria-describedby="create-upload-message"
            disabled={running}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {running && !canCancel ? (
          <span className="wizard-hint" data-testid={createTestIds.uploadNoCancel}>
            Main is copying the file; this import cannot be cancelled from here.
          </span>
        ) : running ? (
          <button type="button" className="button" data-testid={createTestIds.uploadCancel} onClick={cancelUpload}>
            Cancel upload
          </button>
        ) : (
          <button type="button" className="button" data-testid={createTestIds.uploadStart} onClick={start}>
            Import
          </button>
        )}
      </div>
      <span id="create-upload-message" className={shown.file ?? shown.name ? 'wizard-field__error' : 'wizard-field__hint'} role={shown.file ?? shown.name ? 'alert' : undefined}>
        {shown.file ?? shown.name ?? 'Checked as any import: qcow2 or raw from its header, its sha256 recorded'}
      </span>
      {upload !== null && <UploadStatus upload={upload} />}
    </section>
  );
}

function UploadStatus({ upload }: { readonly upload: UploadState }) {
  const percent = upload.total === 0 ? 0 : Math.round((upload.sent / upload.total) * 100);
  return (
    <div className="wizard-import__status" data-testid={createTestIds.uploadStatus} data-phase={upload.phase} aria-live="polite">
      {upload.phase === 'uploading' && (
        <>
          <progress className="wizard-import__bar" max={upload.total} value={upload.sent} aria-label={`Uploading ${upload.fileName}: ${percent} %`} />
          <span data-testid={createTestIds.uploadProgress}>
            {upload.fileName}: {progressLine(upload)}
          </span>
        </>
      )}
      {upload.phase === 'done' && (
        <span className="wizard-import__done">
          Imported {upload.fileName} as {upload.name}; it is selected above.
        </span>
      )}
      {upload.phase === 'cancelled' && <span>Upload of {upload.fileName} cancelled; nothing was kept.</span>}
      {upload.phase === 'failed' && (
        <span className="wizard-field__error" role="alert" data-testid={createTestIds.uploadError}>
          Not imported: {upload.error}
        </span>
      )}
    </div>
  );
}
