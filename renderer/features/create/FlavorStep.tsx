import { formatMiB } from '../../shared/format/format';
import { FieldMessage, controlProps } from './Field';
import { QuotaBars } from './QuotaBars';
import { createTestIds } from './create-test-ids';
import type { StepProps } from './step-props';
import { countOf, flavorProblem } from './wizard-model';

/** Flavor: a table; flavors over the remaining quota, too small for the image or fitting no host are disabled with the reason. */
export function FlavorStep({ draft, errors, facts, setField, listErrors }: StepProps) {
  const image = facts.images.find((i) => i.id === draft.image);
  const count = countOf(draft);
  const flavor = facts.flavors.find((f) => f.id === draft.flavor);
  const project = facts.projects.find((p) => p.id === draft.project);
  return (
    <div className="wizard-split">
      <fieldset className="wizard-choices" aria-describedby="create-flavor-message">
        <legend className="wizard-field__label">
          Flavor{count > 1 ? ` (× ${count} instances)` : ''}
        </legend>
        <table className="wizard-table">
          <thead>
            <tr>
              <th aria-label="Chosen" />
              <th>Name</th>
              <th>vCPUs</th>
              <th>RAM</th>
              <th>Disk</th>
              <th>Why not</th>
            </tr>
          </thead>
          <tbody>
            {facts.flavors.map((f, index) => {
              const problem = flavorProblem(f, image, facts, count);
              return (
                <tr key={f.id} className={problem === undefined ? undefined : 'wizard-table__disabled'} title={problem} data-testid={createTestIds.flavorRow(f.name)} data-disabled={problem !== undefined}>
                  <td>
                    <input
                      type="radio"
                      name="create-flavor"
                      aria-label={f.name}
                      {...(index === 0 ? controlProps('flavor', errors.flavor) : {})}
                      data-testid={undefined}
                      checked={draft.flavor === f.id}
                      disabled={problem !== undefined}
                      onChange={() => setField('flavor', f.id)}
                    />
                  </td>
                  <td>{f.name}</td>
                  <td>{f.vcpus}</td>
                  <td>{formatMiB(f.ramMiB)}</td>
                  <td>{f.diskGiB} GiB</td>
                  <td className="wizard-table__why">{problem ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <FieldMessage field="flavor" error={errors.flavor} />
        {listErrors.flavorPreviews !== undefined && (
          <p className="wizard-hint" role="alert" data-testid={createTestIds.listError('flavorPreviews')}>
            Whether each flavor fits could not be asked: {listErrors.flavorPreviews}
          </p>
        )}
      </fieldset>
      <QuotaBars quota={facts.quota} flavor={flavor} count={count} projectName={project?.name ?? 'the project'} error={listErrors.quota} />
    </div>
  );
}
