import { useEffect, useRef } from 'react';
import { useConsoleStore, type ConsoleTab } from '../console-store';
import { popOutConsole } from '../open-console';
import { SerialAdapter } from '../serial-adapter';
import { consoleTestIds } from '../test-ids';
import { ConsoleStatus } from './ConsoleStatus';
import { useConsoleSession } from './use-console-session';

/** A serial console: libvirt's console stream in a terminal (boot log, login prompt), reconnecting like the display. */
export function SerialConsole({ tab, visible }: { readonly tab: ConsoleTab; readonly visible: boolean }) {
  const terminalRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const adapterRef = useRef<SerialAdapter | null>(null);
  const reconnect = useConsoleStore((s) => s.reconnect);
  const { id, instance } = tab;

  useEffect(() => {
    const target = terminalRef.current;
    if (target === null) return;
    const adapter = new SerialAdapter(target);
    adapterRef.current = adapter;
    return () => {
      adapter.dispose();
      adapterRef.current = null;
    };
  }, [id]);

  useConsoleSession(tab, () => adapterRef.current);

  useEffect(() => {
    if (visible) adapterRef.current?.focus();
  }, [visible]);

  return (
    <div className="console-pane" ref={paneRef} hidden={!visible} data-testid={consoleTestIds.view(id)} data-kind="serial">
      <div className="console-toolbar" role="toolbar" aria-label={`Serial console of ${instance.name}`}>
        <span className="console-toolbar__hint">Type into the terminal: keys go to the guest&apos;s serial line.</span>
        <span className="console-toolbar__spacer" />
        <button
          type="button"
          className="button"
          data-testid={consoleTestIds.fullscreen}
          onClick={() => (document.fullscreenElement ? void document.exitFullscreen() : void paneRef.current?.requestFullscreen())}
        >
          Fullscreen
        </button>
        <button type="button" className="button" data-testid={consoleTestIds.popOut} onClick={() => popOutConsole(instance, 'serial')}>
          Pop out
        </button>
      </div>
      <div className="console-terminal" data-testid={consoleTestIds.terminal} ref={terminalRef} />
      <ConsoleStatus tab={tab} onReconnect={() => reconnect(id)} />
    </div>
  );
}
