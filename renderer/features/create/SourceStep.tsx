import { formatBytes } from '../../shared/format/format';
import { FieldMessage, controlProps } from './Field';
import { ImportImageFile, type ImportImageProps } from './ImportImageFile';
import { createTestIds } from './create-test-ids';
import type { StepProps } from './step-props';
import { imageProblem } from './wizard-model';

/**
 * Source: the image to boot from (images.list); images that cannot boot are shown disabled with the reason. Under
 * the table, a local file can be imported (with upload progress); the new image is then selected.
 */
export function SourceStep(props: StepProps & ImportImageProps) {
  const { facts } = props;
  return (
    <div className="wizard-fields">
      {facts.images.length === 0 ? (
        <p className="wizard-empty">No images yet: import a local file below{props.canUpload ? '' : ' (Images, or `virt-deck image import`)'}.</p>
      ) : (
        <ImageTable {...props} />
      )}
      <ImportImageFile upload={props.upload} canUpload={props.canUpload} canCancel={props.canCancel} startUpload={props.startUpload} cancelUpload={props.cancelUpload} />
    </div>
  );
}

function ImageTable({ draft, errors, facts, setField }: StepProps) {
  return (
    <fieldset className="wizard-choices" aria-describedby="create-image-message">
      <legend className="wizard-field__label">Image</legend>
      <table className="wizard-table">
        <thead>
          <tr>
            <th aria-label="Chosen" />
            <th>Name</th>
            <th>Format</th>
            <th>Size</th>
            <th>min RAM / disk</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {facts.images.map((image, index) => {
            const problem = imageProblem(image);
            return (
              <tr key={image.id} className={problem === undefined ? undefined : 'wizard-table__disabled'} title={problem}>
                <td>
                  <input
                    type="radio"
                    name="create-image"
                    value={image.id}
                    aria-label={image.name}
                    {...(index === 0 ? controlProps('image', errors.image) : {})}
                    data-testid={createTestIds.imageOption(image.name)}
                    checked={draft.image === image.id}
                    disabled={problem !== undefined}
                    onChange={() => setField('image', image.id)}
                  />
                </td>
                <td>{image.name}</td>
                <td>{image.diskFormat}</td>
                <td>{image.virtualSizeBytes === null ? '–' : formatBytes(image.virtualSizeBytes)}</td>
                <td>
                  {image.minRamMiB} MiB / {image.minDiskGiB} GiB
                </td>
                <td>{problem ?? image.status}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldMessage field="image" error={errors.image} />
    </fieldset>
  );
}
