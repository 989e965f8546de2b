import { useState } from 'react';
import type { Host } from '../../../../common/contract/schemas';
import { useHostDetailsStore } from '../host-details-store';
import { hostDetailIds } from '../test-ids';

/** Enable or disable the host for placement (Nova's `service disable`, with its optional reason); it stays connected. */
export function PlacementToggle({ host }: { readonly host: Host }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const update = useHostDetailsStore((s) => s.update);
  const saving = useHostDetailsStore((s) => s.saving);
  if (!host.enabled) {
    return (
      <button type="button" className="button" data-testid={hostDetailIds.toggle} disabled={saving} onClick={() => void update(host.id, { enabled: true })}>
        Enable for placement
      </button>
    );
  }
  if (!asking) {
    return (
      <button type="button" className="button" data-testid={hostDetailIds.toggle} onClick={() => setAsking(true)}>
        Disable for placement…
      </button>
    );
  }
  const disable = async () => {
    const trimmed = reason.trim();
    if (await update(host.id, trimmed === '' ? { enabled: false } : { enabled: false, disabledReason: trimmed })) {
      setAsking(false);
      setReason('');
    }
  };
  return (
    <form
      className="host-details__disable"
      aria-label="Disable for placement"
      onSubmit={(event) => {
        event.preventDefault();
        void disable();
      }}
    >
      <input
        className="input"
        data-testid={hostDetailIds.disableReason}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={255}
        placeholder="Reason (optional): maintenance"
        aria-label="Why it is disabled"
        autoFocus
      />
      <button type="submit" className="button button--primary" data-testid={hostDetailIds.disableConfirm} disabled={saving}>
        Disable
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </form>
  );
}
