import type { KeyPair } from '../../../common/contract/schemas';
import { Field, controlProps } from './Field';
import type { StepProps } from './step-props';

/** Key pair and user-data (cloud-init, through the NoCloud seed). */
export function AccessStep(props: StepProps & { readonly keyPairs: readonly KeyPair[] }) {
  const { draft, errors, setField } = props;
  return (
    <div className="wizard-fields">
      <Field field="keyName" label="Key pair" error={errors.keyName} hint={props.keyPairs.length === 0 ? 'No key pairs yet' : 'Its public key goes to the guest through cloud-init'}>
        <select className="input" {...controlProps('keyName', errors.keyName)} value={draft.keyName} onChange={(e) => setField('keyName', e.target.value)}>
          <option value="">None</option>
          {props.keyPairs.map((k) => (
            <option key={k.name} value={k.name}>
              {k.name} · {k.fingerprint}
            </option>
          ))}
        </select>
      </Field>
      <Field field="userData" label="User-data" error={errors.userData} hint="Optional cloud-init user-data (#cloud-config or a script), at most 64 KiB">
        <textarea className="input wizard-textarea" rows={6} spellCheck={false} {...controlProps('userData', errors.userData)} value={draft.userData} onChange={(e) => setField('userData', e.target.value)} />
      </Field>
    </div>
  );
}
