import { formatMiB } from '../../shared/format/format';
import type { StepProps } from './step-props';
import { countOf } from './wizard-model';

/** Review: the request as it will be sent, and where the scheduler would put it now. */
export function ReviewStep({ draft, facts, serverGroupName }: StepProps & { readonly serverGroupName: string | null }) {
  const project = facts.projects.find((p) => p.id === draft.project);
  const image = facts.images.find((i) => i.id === draft.image);
  const flavor = facts.flavors.find((f) => f.id === draft.flavor);
  const count = countOf(draft);
  const rows: [string, string][] = [
    ['Name', count > 1 ? `${draft.name}-1 … ${draft.name}-${count}` : draft.name],
    ['Project', project?.name ?? '–'],
    ['Count', String(count)],
    ['Description', draft.description === '' ? '–' : draft.description],
    ['Image', image?.name ?? '–'],
    ['Flavor', flavor === undefined ? '–' : `${flavor.name} (${flavor.vcpus} vCPU, ${formatMiB(flavor.ramMiB)}, ${flavor.diskGiB} GiB)`],
    ['Placement', draft.placement === 'host' ? `on ${draft.host}` : `automatic${facts.placement?.ok === true ? `: ${facts.placement.chosen.join(', ')}` : ''}`],
    ['Server group', serverGroupName ?? 'none'],
    ['Availability zone', draft.availabilityZone === '' ? 'any' : draft.availabilityZone],
    ['Network', draft.network === '' ? "the host's default" : draft.network],
    ['Key pair', draft.keyName === '' ? 'none' : draft.keyName],
    ['User-data', draft.userData === '' ? 'none' : `${new TextEncoder().encode(draft.userData).length} bytes`],
  ];
  return (
    <dl className="wizard-review" data-testid="create-review">
      {rows.map(([term, value]) => (
        <div key={term} className="wizard-review__row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
