import { useMemo, useRef } from 'react';
import { Dialog } from '../shared/dialogs/Dialog';
import { isMacPlatform, shortcutLabel } from '../shared/keyboard/keys';
import { testIds } from '../testIds';
import { SHORTCUTS } from './shortcuts';

/** The keyboard shortcut list (`?`). */
export function ShortcutHelp(props: { readonly onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const mac = useMemo(() => isMacPlatform(), []);
  return (
    <Dialog
      title="Keyboard shortcuts"
      testId={testIds.shortcutHelp}
      onClose={props.onClose}
      initialFocus={closeRef}
      wide
      actions={
        <button ref={closeRef} type="button" className="button" data-testid={testIds.shortcutHelpClose} onClick={props.onClose}>
          Close
        </button>
      }
    >
      <div className="shortcuts">
        {SHORTCUTS.map((group) => (
          <section key={group.where} className="shortcuts__group" aria-label={group.where}>
            <h3 className="shortcuts__where">{group.where}</h3>
            <dl className="shortcuts__list">
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.does} className="shortcuts__item">
                  <dt>
                    {shortcut.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 && <span className="shortcuts__or"> or </span>}
                        <kbd className="kbd">{shortcutLabel(key, mac)}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{shortcut.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
