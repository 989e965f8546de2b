import type { ResultOf } from '../../../common/contract/channels';
import { Field, controlProps } from './Field';
import type { StepProps } from './step-props';

/** Network: the libvirt networks of the picked (or likely) host; none chosen means the host's default. */
export function NetworkStep(props: StepProps & { readonly host: string | null; readonly networks: ResultOf<'networks.list'> | null; readonly error: string | null }) {
  const { draft, errors, setField, networks } = props;
  const hint =
    props.host === null
      ? 'No host yet: the host the scheduler chooses uses its default network'
      : props.error !== null
        ? `Networks of ${props.host} could not be read: ${props.error}`
        : networks === null
          ? `Reading the networks of ${props.host}…`
          : `Networks of ${props.host}${networks.defaultNetwork === null ? '' : `; its default is ${networks.defaultNetwork}`}`;
  return (
    <div className="wizard-fields">
      <Field field="network" label="Network" error={errors.network} hint={hint}>
        <select className="input" {...controlProps('network', errors.network)} value={draft.network} onChange={(e) => setField('network', e.target.value)}>
          <option value="">The host&apos;s default{networks?.defaultNetwork ? ` (${networks.defaultNetwork})` : ''}</option>
          {(networks?.networks ?? []).map((n) => (
            <option key={n.name} value={n.name} disabled={!n.active}>
              {n.name}
              {n.forwardMode === null ? '' : ` · ${n.forwardMode}`}
              {n.active ? '' : ' (inactive)'}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
