import { primaryModifier, type KeyInput } from '../keyboard/keys';
import type { CursorMove, MoveMode } from './selection';

/** What a key press on a focused list means. */
export type GridCommand =
  | { readonly kind: 'move'; readonly move: CursorMove; readonly mode: MoveMode }
  /** Space: toggle the row under the cursor. */
  | { readonly kind: 'toggle' }
  | { readonly kind: 'selectAll' }
  /** Enter: open the row under the cursor. */
  | { readonly kind: 'open' }
  /** Delete (⌘⌫ on macOS): ask to delete the selection. */
  | { readonly kind: 'delete' }
  /** The context menu key or Shift+F10: the row menu, keyboard-opened. */
  | { readonly kind: 'menu' }
  | { readonly kind: 'escape' };

const MOVES: Readonly<Record<string, CursorMove>> = {
  ArrowDown: 'next',
  ArrowUp: 'previous',
  PageDown: 'pageDown',
  PageUp: 'pageUp',
  Home: 'first',
  End: 'last',
};

/**
 * The list's keyboard model: arrows, Page Up/Down, Home/End move (Shift extends the selection, Ctrl/⌘ moves the cursor
 * alone), Space toggles, Ctrl/⌘+A selects all, Enter opens, Delete asks to delete, the menu key or Shift+F10 opens the
 * row menu, Escape steps back. Null: not the list's key (Tab, typing, Alt combinations stay with the browser).
 */
export function gridCommand(event: KeyInput, mac: boolean): GridCommand | null {
  if (event.altKey) return null;
  const primary = primaryModifier(event, mac);
  const move = MOVES[event.key];
  if (move !== undefined) return { kind: 'move', move, mode: event.shiftKey ? 'extend' : primary ? 'cursorOnly' : 'select' };
  switch (event.key) {
    case ' ':
    case 'Spacebar':
      return event.shiftKey ? null : { kind: 'toggle' };
    case 'a':
    case 'A':
      return primary && !event.shiftKey ? { kind: 'selectAll' } : null;
    case 'Enter':
      return event.shiftKey || primary ? null : { kind: 'open' };
    case 'Delete':
      return { kind: 'delete' };
    case 'Backspace':
      return mac && event.metaKey ? { kind: 'delete' } : null;
    case 'ContextMenu':
      return { kind: 'menu' };
    case 'F10':
      return event.shiftKey ? { kind: 'menu' } : null;
    case 'Escape':
      return { kind: 'escape' };
    default:
      return null;
  }
}
