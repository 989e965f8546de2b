import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { nextMenuIndex, placeMenu, type MenuEntry } from './menu-model';
import './menu.css';

/** Props of {@link ContextMenu}. */
export interface ContextMenuProps {
  readonly label: string;
  readonly entries: readonly MenuEntry[];
  /** Viewport coordinates of the menu's corner (the pointer, or the row's corner when opened from the keyboard). */
  readonly at: { readonly x: number; readonly y: number };
  /** Closed without choosing (Escape, Tab, a click elsewhere) or after choosing; focus goes back to the opener then. */
  readonly onClose: () => void;
  readonly testId: string;
  readonly itemTestId: (id: string) => string;
}

/**
 * A context menu (WAI-ARIA menu pattern): opens with its first item focused; arrows, Home and End move, Enter or Space
 * chooses, Escape or Tab closes; disabled items say why in their tooltip. Rendered at the body in a fixed layer, and
 * kept inside the viewport.
 */
export function ContextMenu(props: ContextMenuProps) {
  const { entries, onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(() => nextMenuIndex(entries, -1, 'first'));
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (menu === null) return;
    const rect = menu.getBoundingClientRect();
    setPosition(placeMenu(props.at, { width: rect.width, height: rect.height }, { width: window.innerWidth, height: window.innerHeight }));
  }, [props.at]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus();
  }, [active, position]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    const onBlur = () => onClose();
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const choose = (index: number) => {
    const entry = entries[index];
    if (entry === undefined || entry === 'separator' || entry.disabledReason !== undefined) return;
    onClose();
    entry.onSelect();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Readonly<Record<string, 'next' | 'previous' | 'first' | 'last'>> = { ArrowDown: 'next', ArrowUp: 'previous', Home: 'first', End: 'last' };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setActive((current) => nextMenuIndex(entries, current, move));
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={props.label}
      data-testid={props.testId}
      style={position === null ? { left: props.at.x, top: props.at.y, visibility: 'hidden' } : position}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {entries.map((entry, index) =>
        entry === 'separator' ? (
          <div key={`separator-${index}`} className="menu__separator" role="separator" />
        ) : (
          <div
            key={entry.id}
            className={`menu__item${entry.danger === true ? ' menu__item--danger' : ''}`}
            role="menuitem"
            tabIndex={-1}
            data-index={index}
            data-testid={props.itemTestId(entry.id)}
            aria-disabled={entry.disabledReason !== undefined || undefined}
            title={entry.disabledReason}
            onClick={() => choose(index)}
            onMouseEnter={() => entry.disabledReason === undefined && setActive(index)}
          >
            <span>{entry.label}</span>
            {entry.shortcut !== undefined && <kbd className="menu__shortcut">{entry.shortcut}</kbd>}
          </div>
        ),
      )}
    </div>,
    document.body,
  );
}
