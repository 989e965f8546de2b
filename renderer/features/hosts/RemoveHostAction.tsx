import { useState } from 'react';
import type { Host } from '../../../common/contract/schemas';
import { useHostsStore } from '../../shared/stores/hosts-store';
import { testIds } from '../../testIds';

/** Remove a host from the inventory, after a confirmation; a host with instances needs "force". */
export function RemoveHostAction({ host }: { readonly host: Host }) {
  const [confirming, setConfirming] = useState(false);
  const [force, setForce] = useState(false);
  const remove = useHostsStore((s) => s.remove);
  const clearErrors = useHostsStore((s) => s.clearErrors);
  const removing = useHostsStore((s) => s.removing === host.id);
  const error = useHostsStore((s) => (s.removeError?.hostId === host.id ? s.removeError.message : null));
  const instances = host.usage.instances;

  if (!confirming) {
    return (
      <div className="host-card__actions">
        <button type="button" className="button button--danger-quiet" data-testid={testIds.hostRemove} onClick={() => setConfirming(true)}>
          Remove…
        </button>
      </div>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={`Remove host ${host.name}`}>
      <p className="confirm__question">
        Remove <strong>{host.name}</strong> from Virt Deck? Its domains stay on the hypervisor; Virt Deck stops watching them.
      </p>
      {instances > 0 && (
        <label className="check">
          <input type="checkbox" data-testid={testIds.hostRemoveForce} checked={force} onChange={(event) => setForce(event.target.checked)} />
          Force: also mark its {instances} instance{instances === 1 ? '' : 's'} deleted in the inventory
        </label>
      )}
      {error !== null && (
        <div className="banner banner--error form__error" role="alert" data-testid={testIds.hostRemoveError}>
          {error}
        </div>
      )}
      <div className="confirm__buttons">
        <button
          type="button"
          className="button button--danger"
          data-testid={testIds.hostRemoveConfirm}
          disabled={removing}
          onClick={() => void remove(host.id, force)}
        >
          {removing ? 'Removing…' : 'Remove host'}
        </button>
        <button type="button" className="button" data-testid={testIds.hostRemoveCancel} onClick={() => {
            setConfirming(false);
            clearErrors();
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
