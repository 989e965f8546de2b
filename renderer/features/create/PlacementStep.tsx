import type { AvailabilityZone, PreviewHost, ServerGroupListing } from '../../../common/contract/create-schemas';
import { Field, FieldMessage, controlProps } from './Field';
import { createTestIds } from './create-test-ids';
import type { StepProps } from './step-props';

/** What the Placement step shows besides the draft: the scheduler's automatic answer, the groups and zones offered. */
export interface PlacementChoices {
  readonly auto: { readonly hosts: readonly PreviewHost[]; readonly explanation: string | null } | null;
  /** The project's server groups (null: loading). */
  readonly serverGroups: readonly ServerGroupListing[] | null;
  readonly availabilityZones: readonly AvailabilityZone[] | null;
}

/**
 * Placement: let the scheduler choose (its "why this host" shown first) or pick a host; a server group and an
 * availability zone join the request (and the preview, so the explanation reflects them); every host's verdict listed.
 */
export function PlacementStep(props: StepProps & PlacementChoices) {
  const { draft, errors, facts, setField, auto, serverGroups, availabilityZones, listErrors } = props;
  const groupsHint =
    listErrors.serverGroups !== undefined ? `Server groups could not be listed: ${listErrors.serverGroups}` : serverGroups?.length === 0 ? 'This project has no server groups' : 'Its policy joins the filters';
  const zonesHint = listErrors.availabilityZones !== undefined ? `Availability zones could not be listed: ${listErrors.availabilityZones}` : 'Any: the scheduler may use every zone';
  const verdict = facts.placement;
  return (
    <div className="wizard-fields">
      <fieldset className="wizard-choices">
        <legend className="wizard-field__label">Where</legend>
        <label className="wizard-radio">
          <input type="radio" name="create-placement" {...controlProps('placement', undefined)} checked={draft.placement === 'auto'} onChange={() => setField('placement', 'auto')} />
          Automatic: the scheduler chooses
        </label>
        <label className="wizard-radio">
          <input type="radio" name="create-placement" data-testid="create-placement-host" checked={draft.placement === 'host'} onChange={() => setField('placement', 'host')} />
          On a host I pick
        </label>
      </fieldset>
      <div className="wizard-placement-pickers">
        <Field field="serverGroup" label="Server group" error={errors.serverGroup} hint={groupsHint}>
          <select className="input" {...controlProps('serverGroup', errors.serverGroup)} value={draft.serverGroup} onChange={(e) => setField('serverGroup', e.target.value)}>
            <option value="">None</option>
            {(serverGroups ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({g.policy}, {g.members} {g.members === 1 ? 'member' : 'members'})
              </option>
            ))}
          </select>
        </Field>
        <Field field="availabilityZone" label="Availability zone" error={errors.availabilityZone} hint={zonesHint}>
          <select className="input" {...controlProps('availabilityZone', errors.availabilityZone)} value={draft.availabilityZone} onChange={(e) => setField('availabilityZone', e.target.value)}>
            <option value="">Any</option>
            {(availabilityZones ?? []).map((z) => (
              <option key={z.name} value={z.name}>
                {z.name} ({z.hosts.join(', ')})
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="wizard-why" data-testid={createTestIds.explanation} aria-live="polite">
        <strong>{draft.placement === 'auto' ? 'Why this host' : 'The picked host'}: </strong>
        {verdict === null ? (listErrors.placement === undefined ? 'asking the scheduler…' : `the scheduler could not be asked: ${listErrors.placement}`) : verdict.ok ? (verdict.explanation ?? verdict.chosen.join(', ')) : (verdict.message ?? 'no host fits')}
        {verdict !== null && verdict.ok && verdict.chosen.length > 1 && <div className="wizard-hint">Instances go to: {verdict.chosen.join(', ')}</div>}
      </div>
      <fieldset className="wizard-choices" aria-describedby="create-host-message">
        <legend className="wizard-field__label">Hosts, as the scheduler sees them</legend>
        <table className="wizard-table">
          <thead>
            <tr>
              <th aria-label="Chosen" />
              <th>Host</th>
              <th>Verdict</th>
              <th>Weighers</th>
            </tr>
          </thead>
          <tbody>
            {(auto?.hosts ?? []).map((h, index) => (
              <tr key={h.host} className={h.passed ? undefined : 'wizard-table__disabled'}>
                <td>
                  <input
                    type="radio"
                    name="create-host"
                    aria-label={h.host}
                    {...(index === 0 ? controlProps('host', errors.host) : {})}
                    data-testid={createTestIds.hostOption(h.host)}
                    checked={draft.placement === 'host' && draft.host === h.host}
                    disabled={draft.placement !== 'host' || !h.passed}
                    onChange={() => setField('host', h.host)}
                  />
                </td>
                <td>{h.host}</td>
                <td>{h.passed ? `rank ${h.rank}, weight ${h.weight.toFixed(2)}${h.chosen ? ' (chosen)' : ''}` : `${h.filter}: ${h.reason}`}</td>
                <td className="wizard-table__why">{h.passed ? weigherSummary(h.weighers) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <FieldMessage field="host" error={errors.host} />
      </fieldset>
    </div>
  );
}

/** Each active weigher's raw value and its part in the weight (all parts are 0 when a single host is weighed). */
function weigherSummary(weighers: readonly { weigher: string; raw: number; multiplier: number; contribution: number }[]): string {
  const active = weighers.filter((w) => w.multiplier !== 0);
  if (active.length === 0) return '–';
  return active.map((w) => `${w.weigher.replace(/Weigher$/, '')} ${Number.isInteger(w.raw) ? w.raw : w.raw.toFixed(1)} → ${w.contribution.toFixed(2)}`).join(', ');
}
