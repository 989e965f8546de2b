import { isEditableTarget } from '../../shared/keyboard/keys';
import { useWindowKeyDown } from '../../shared/keyboard/use-window-keydown';
import { selectIsConnected, useConnectionStore } from '../../shared/stores/connection-store';
import { createTestIds } from './create-test-ids';
import { CreateWizard } from './CreateWizard';
import { useCreateWizardStore } from './create-wizard-store';

/** "Create instance": the button (and the `N` shortcut) that opens the create wizard, and the wizard while open. */
export function CreateInstanceButton() {
  const open = useCreateWizardStore((s) => s.open);
  const openWizard = useCreateWizardStore((s) => s.openWizard);
  const connected = useConnectionStore(selectIsConnected);
  useWindowKeyDown((event) => {
    if ((event.key !== 'n' && event.key !== 'N') || event.ctrlKey || event.metaKey || event.altKey || isEditableTarget(event.target)) return;
    if (!connected || document.querySelector('dialog[open]') !== null) return;
    event.preventDefault();
    void openWizard();
  });
  return (
    <>
      <button type="button" className="button button--primary" data-testid={createTestIds.open} disabled={!connected} title="Create instance (N)" onClick={() => void openWizard()}>
        Create instance
      </button>
      {open && <CreateWizard />}
    </>
  );
}
