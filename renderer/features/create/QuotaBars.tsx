import { UsageBar } from '../../shared/meters/UsageBar';
import { createTestIds } from './create-test-ids';
import { quotaAfter, resourceName, type QuotaFigures } from './wizard-model';
import type { FlavorListing } from '../../../common/contract/schemas';

/** The project's quota with this request added: one bar per limited resource (unlimited ones say so). */
export function QuotaBars(props: {
  readonly quota: readonly QuotaFigures[] | null;
  readonly flavor: FlavorListing | undefined;
  readonly count: number;
  readonly projectName: string;
  /** Why the quota could not be read (undefined: it was, or is being). */
  readonly error?: string | undefined;
}) {
  if (props.quota === null && props.error !== undefined)
    return (
      <p className="wizard-hint" role="alert" data-testid={createTestIds.listError('quota')}>
        Quota usage could not be read: {props.error}
      </p>
    );
  if (props.quota === null) return <p className="wizard-hint">Quota usage not known yet.</p>;
  return (
    <div className="wizard-quota" aria-label={`Quota of ${props.projectName} after this request`}>
      <div className="wizard-quota__title">Quota of {props.projectName} after this request</div>
      {quotaAfter(props.quota, props.flavor, props.count).map((line) =>
        line.limit < 0 ? (
          <div key={line.resource} className="wizard-quota__row" data-testid={createTestIds.quotaBar(line.resource)}>
            <span className="wizard-quota__name">{resourceName(line.resource)}</span>
            <span className="wizard-hint">
              {line.after} used, no limit
            </span>
          </div>
        ) : (
          <div key={line.resource} className="wizard-quota__row">
            <span className="wizard-quota__name">{resourceName(line.resource)}</span>
            <UsageBar label={`${resourceName(line.resource)} after this request`} used={line.after} capacity={line.limit} format={String} testId={createTestIds.quotaBar(line.resource)} />
          </div>
        ),
      )}
    </div>
  );
}
