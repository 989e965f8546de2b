import { testIds } from '../../testIds';
import { Panel } from '../../shared/panel/Panel';

/** How to start the demo lab from a source checkout. */
export function LabPanel() {
  return (
    <Panel title="Try it with the demo lab" testId={testIds.labHelp}>
      <p>
        From a source checkout, <code>npm run lab -- up</code> starts a private libvirtd and sshd on loopback (state in{' '}
        <code>.lab/</code>) with a small QEMU guest, and prints the libvirt URIs of its hosts. <code>npm run lab -- status</code>{' '}
        checks it; <code>npm run lab -- down</code> stops everything.
      </p>
    </Panel>
  );
}
