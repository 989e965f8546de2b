import { useEffect, useRef } from 'react';
import { openConsole, popOutConsole, type ConsoleTarget } from '../open-console';
import { consoleTestIds } from '../test-ids';

/** Where a row's context menu is, and for which instance. */
export interface ConsoleMenuAt {
  readonly instance: ConsoleTarget;
  readonly x: number;
  readonly y: number;
}

/** The instance row's context menu: the consoles, here or in a window of their own. */
export function InstanceConsoleMenu({ at, onClose }: { readonly at: ConsoleMenuAt; readonly onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const away = (event: Event): void => {
      if (!(event.target instanceof Node) || !ref.current?.contains(event.target)) onClose();
    };
    const escape = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [onClose]);
  const item = (id: string, label: string, run: () => void) => (
    <button
      type="button"
      role="menuitem"
      className="console-menu__item"
      data-testid={consoleTestIds.menuItem(id)}
      onClick={() => {
        run();
        onClose();
      }}
    >
      {label}
    </button>
  );
  return (
    <div ref={ref} className="console-context-menu console-menu__list" role="menu" data-testid={consoleTestIds.menu} style={{ left: at.x, top: at.y }} aria-label={`Consoles of ${at.instance.name}`}>
      {item('console', 'Open console', () => openConsole(at.instance, 'vnc'))}
      {item('serial', 'Open serial console', () => openConsole(at.instance, 'serial'))}
      {item('console-window', 'Open console in a new window', () => popOutConsole(at.instance, 'vnc'))}
      {item('serial-window', 'Open serial console in a new window', () => popOutConsole(at.instance, 'serial'))}
    </div>
  );
}
