import { describe, expect, it } from 'vitest';
import type { KeyInput } from '../../../../../renderer/shared/keyboard/keys';
import { gridCommand } from '../../../../../renderer/shared/table/grid-keys';

const key = (name: string, mods: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput => ({ key: name, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('the list keyboard model', () => {
  it('arrows, pages, Home and End move; Shift extends; Ctrl moves the cursor alone', () => {
    expect(gridCommand(key('ArrowDown'), false)).toEqual({ kind: 'move', move: 'next', mode: 'select' });
    expect(gridCommand(key('ArrowUp', { shiftKey: true }), false)).toEqual({ kind: 'move', move: 'previous', mode: 'extend' });
    expect(gridCommand(key('PageDown', { ctrlKey: true }), false)).toEqual({ kind: 'move', move: 'pageDown', mode: 'cursorOnly' });
    expect(gridCommand(key('Home'), false)).toMatchObject({ move: 'first' });
    expect(gridCommand(key('End'), false)).toMatchObject({ move: 'last' });
  });

  it('on macOS ⌘ is the cursor-only and select-all modifier, not Ctrl', () => {
    expect(gridCommand(key('ArrowDown', { metaKey: true }), true)).toMatchObject({ mode: 'cursorOnly' });
    expect(gridCommand(key('ArrowDown', { ctrlKey: true }), true)).toMatchObject({ mode: 'select' });
    expect(gridCommand(key('a', { metaKey: true }), true)).toEqual({ kind: 'selectAll' });
    expect(gridCommand(key('a', { ctrlKey: true }), true)).toBeNull();
    expect(gridCommand(key('a', { ctrlKey: true }), false)).toEqual({ kind: 'selectAll' });
  });

  it('Space toggles, Enter opens, Delete deletes (⌘⌫ on macOS), Escape steps back', () => {
    expect(gridCommand(key(' '), false)).toEqual({ kind: 'toggle' });
    expect(gridCommand(key(' ', { ctrlKey: true }), false)).toEqual({ kind: 'toggle' });
    expect(gridCommand(key('Enter'), false)).toEqual({ kind: 'open' });
    expect(gridCommand(key('Delete'), false)).toEqual({ kind: 'delete' });
    expect(gridCommand(key('Backspace', { metaKey: true }), true)).toEqual({ kind: 'delete' });
    expect(gridCommand(key('Backspace'), false)).toBeNull();
    expect(gridCommand(key('Escape'), false)).toEqual({ kind: 'escape' });
  });

  it('the menu key and Shift+F10 open the row menu', () => {
    expect(gridCommand(key('ContextMenu'), false)).toEqual({ kind: 'menu' });
    expect(gridCommand(key('F10', { shiftKey: true }), false)).toEqual({ kind: 'menu' });
    expect(gridCommand(key('F10'), false)).toBeNull();
  });

  it('leaves other keys, and every Alt combination, to the browser', () => {
    for (const name of ['Tab', 'x', 'F5', '/']) expect(gridCommand(key(name), false)).toBeNull();
    expect(gridCommand(key('ArrowDown', { altKey: true }), false)).toBeNull();
    expect(gridCommand(key('a'), false)).toBeNull();
  });
});
