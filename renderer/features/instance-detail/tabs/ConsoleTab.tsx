import type { ConsoleKind } from '../../../../common/contract/console-wire';
import type { Instance } from '../../../../common/contract/schemas';
import { consoleTestIds, openConsole, popOutConsole } from '../../console';

/**
 * The Console and Serial tabs: the console itself lives in the console workspace (a tab beside the list, or a window
 * of its own), where it stays connected while the operator moves around; choosing the tab opens it there, and this
 * pane offers to open it again or in a window.
 */
export function ConsoleTab(props: { readonly instance: Instance; readonly kind: ConsoleKind }) {
  const { instance, kind } = props;
  const what = kind === 'vnc' ? 'graphical console (VNC)' : 'serial console';
  const running = instance.powerStateName === 'Running';
  return (
    <div className="detail__console">
      <p>
        The {what} of <strong>{instance.name}</strong> opens in a tab beside the instance list.
        {!running && <span className="muted"> The instance is not running ({instance.powerStateName}): the console may refuse to connect.</span>}
      </p>
      <p className="screen__actions">
        <button
          type="button"
          className="button button--primary"
          data-testid={kind === 'vnc' ? consoleTestIds.detailConsole : consoleTestIds.detailSerial}
          onClick={(event) => openConsole(instance, kind, event.timeStamp)}
        >
          Open {kind === 'vnc' ? 'console' : 'serial console'}
        </button>
        <button type="button" className="button" onClick={() => popOutConsole(instance, kind)}>
          Open in a new window
        </button>
      </p>
    </div>
  );
}
