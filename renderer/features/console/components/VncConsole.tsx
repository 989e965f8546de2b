import { useEffect, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { useConsoleStore, type ConsoleTab } from '../console-store';
import { KEY_COMBOS } from '../keysyms';
import { popOutConsole } from '../open-console';
import { consoleTestIds } from '../test-ids';
import { VncAdapter, type ScaleMode } from '../vnc-adapter';
import { ConsoleStatus } from './ConsoleStatus';
import { useConsoleSession } from './use-console-session';

/** A VNC console: toolbar, the noVNC screen, the keyboard-capture indicator and the status line. */
export function VncConsole({ tab, visible }: { readonly tab: ConsoleTab; readonly visible: boolean }) {
  const screenRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const adapterRef = useRef<VncAdapter | null>(null);
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  const [clipboard, setClipboard] = useState<string | null>(null);
  const [scale, setScale] = useState<ScaleMode>('fit');
  const [viewOnly, setViewOnly] = useState(false);
  const [grabbed, setGrabbed] = useState(false);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [pasteText, setPasteText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const reconnect = useConsoleStore((s) => s.reconnect);
  const { id, instance, generation } = tab;

  // The adapter lives as long as the tab; a session (and its RFB) per generation.
  const adapterOf = (): VncAdapter | null => {
    const target = screenRef.current;
    if (target === null) return null;
    adapterRef.current ??= new VncAdapter(target, { clipboard: setClipboard, changed: refresh });
    return adapterRef.current;
  };
  useConsoleSession(tab, adapterOf);

  useEffect(() => adapterRef.current?.setScale(scale), [scale, generation]);
  useEffect(() => adapterRef.current?.setViewOnly(viewOnly), [viewOnly, generation]);

  const adapter = adapterRef.current;
  const live = tab.state === 'connected' && adapter?.attached === true;

  const onKeyDownCapture = (event: KeyboardEvent): void => {
    // Ctrl+Alt+G releases the keyboard (virt-manager's default), before noVNC sees it.
    if (event.ctrlKey && event.altKey && event.key.toLowerCase() === 'g') {
      event.preventDefault();
      event.stopPropagation();
      adapter?.releaseKeyboard();
      (document.activeElement as HTMLElement | null)?.blur();
      setGrabbed(false);
    }
  };

  const screenshot = async (): Promise<void> => {
    const blob = await adapter?.screenshot();
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${instance.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const copyClipboard = async (): Promise<void> => {
    if (clipboard === null) return;
    try {
      await navigator.clipboard.writeText(clipboard);
      setNotice('Guest clipboard copied');
    } catch (error) {
      setNotice(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const fullscreen = (): void => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void paneRef.current?.requestFullscreen();
  };

  return (
    <div className="console-pane" ref={paneRef} hidden={!visible} data-testid={consoleTestIds.view(id)} data-kind="vnc">
      <div className="console-toolbar" role="toolbar" aria-label={`Console of ${instance.name}`}>
        <label className="console-toolbar__field">
          <span>Scale</span>
          <select className="input" data-testid={consoleTestIds.scale} value={scale} onChange={(e) => setScale(e.target.value as ScaleMode)}>
            <option value="fit">Scale to window</option>
            <option value="native">1:1</option>
            <option value="remote">Resize guest</option>
          </select>
        </label>
        <details className="console-menu">
          <summary className="button" data-testid={consoleTestIds.sendKeys} aria-disabled={!live || viewOnly}>
            Send key
          </summary>
          <div className="console-menu__list" role="menu">
            {KEY_COMBOS.map((combo) => (
              <button
                key={combo.id}
                type="button"
                role="menuitem"
                className="console-menu__item"
                data-testid={consoleTestIds.sendKey(combo.id)}
                disabled={!live || viewOnly}
                onClick={(event) => {
                  adapter?.sendCombo(combo);
                  (event.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
                }}
              >
                {combo.label}
              </button>
            ))}
          </div>
        </details>
        <button type="button" className="button" data-testid={consoleTestIds.paste} aria-pressed={pasteOpen} disabled={!live || viewOnly} onClick={() => setPasteOpen(!pasteOpen)}>
          Type text…
        </button>
        <button
          type="button"
          className="button"
          data-testid={consoleTestIds.copyClipboard}
          disabled={clipboard === null}
          title={clipboard === null ? 'The guest has not shared a clipboard (it needs a clipboard agent, e.g. spice-vdagent or qemu-vdagent)' : 'Copy what the guest put on its clipboard'}
          onClick={() => void copyClipboard()}
        >
          Copy guest clipboard
        </button>
        <button type="button" className="button" data-testid={consoleTestIds.screenshot} disabled={!live} onClick={() => void screenshot()}>
          Screenshot
        </button>
        <label className="console-toolbar__check">
          <input type="checkbox" data-testid={consoleTestIds.viewOnly} checked={viewOnly} onChange={(e) => setViewOnly(e.target.checked)} />
          View only
        </label>
        <span className="console-toolbar__spacer" />
        <button type="button" className="button" data-testid={consoleTestIds.fullscreen} onClick={fullscreen}>
          Fullscreen
        </button>
        <button type="button" className="button" data-testid={consoleTestIds.popOut} onClick={() => popOutConsole(instance, 'vnc')}>
          Pop out
        </button>
      </div>
      {pasteOpen && (
        <form
          className="console-paste"
          onSubmit={(event) => {
            event.preventDefault();
            const typed = adapter?.typeText(pasteText) ?? 0;
            setNotice(`Typed ${typed} key${typed === 1 ? '' : 's'} into ${instance.name}`);
            setPasteText('');
            setPasteOpen(false);
            adapter?.focus();
          }}
        >
          <textarea
            className="input input--mono"
            data-testid={consoleTestIds.pasteText}
            rows={3}
            value={pasteText}
            placeholder="Text to type into the guest, key by key (a new line presses Return)"
            onChange={(e) => setPasteText(e.target.value)}
          />
          <button type="submit" className="button button--primary" data-testid={consoleTestIds.pasteSend} disabled={pasteText === ''}>
            Type it
          </button>
        </form>
      )}
      {grabbed && !viewOnly && (
        <div className="console-grab" data-testid={consoleTestIds.keyboardGrab} role="note">
          Keyboard captured by {instance.name} — press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>G</kbd> or click outside to release
        </div>
      )}
      <div
        className={`console-screen${grabbed ? ' console-screen--grabbed' : ''}${scale === 'native' ? ' console-screen--native' : ''}`}
        data-testid={consoleTestIds.screen}
        ref={screenRef}
        onFocus={() => setGrabbed(true)}
        onBlur={() => setGrabbed(false)}
        onKeyDownCapture={onKeyDownCapture}
      />
      <ConsoleStatus tab={tab} onReconnect={() => reconnect(id)} />
      {notice !== null && (
        <div className="console-notice" role="status" onAnimationEnd={() => setNotice(null)}>
          {notice}
        </div>
      )}
    </div>
  );
}
