import { testIds } from '../../testIds';
import { Panel } from '../../shared/panel/Panel';

/** How to start the demo lab from a source checkout. */
export function LabPanel() {
  return (
    <Panel title="Try it with the demo lab" testId={testIds.labHelp}>
      <p>
        From a source checkout, <code>npm start -- --demo</code> brings up a private libvirtd and sshd on loopback (state in{' '}
        <code>.lab/</code>) with a small QEMU guest and test hosts, opens Virt Deck on a demo inventory with those hosts already added,
        and takes the lab down when you quit. <code>npm run lab -- up|status|down</code> runs the lab by hand.
      </p>
    </Panel>
  );
}
