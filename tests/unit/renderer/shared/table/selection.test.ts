import { describe, expect, it } from 'vitest';
import {
  clearSelection,
  clickRow,
  EMPTY_SELECTION,
  moveCursor,
  rangeBetween,
  selectAll,
  selectedInOrder,
  toggleCursor,
  type SelectionState,
} from '../../../../../renderer/shared/table/selection';

const ORDER = ['a', 'b', 'c', 'd', 'e', 'f'];
const plain = { range: false, toggle: false };
const toggle = { range: false, toggle: true };
const range = { range: true, toggle: false };
const sorted = (state: SelectionState) => [...state.selected].sort();

describe('selection model', () => {
  it('a plain click selects one row and sets the anchor and cursor there', () => {
    const state = clickRow(clickRow(EMPTY_SELECTION, 'b', ORDER, plain), 'd', ORDER, plain);
    expect(sorted(state)).toEqual(['d']);
    expect(state).toMatchObject({ anchor: 'd', cursor: 'd' });
  });

  it('Ctrl/⌘-click toggles one row and keeps the others', () => {
    let state = clickRow(EMPTY_SELECTION, 'b', ORDER, plain);
    state = clickRow(state, 'd', ORDER, toggle);
    expect(sorted(state)).toEqual(['b', 'd']);
    state = clickRow(state, 'b', ORDER, toggle);
    expect(sorted(state)).toEqual(['d']);
    expect(state.anchor).toBe('b');
  });

  it('Shift-click selects the range from the anchor, in either direction, replacing the selection', () => {
    let state = clickRow(EMPTY_SELECTION, 'c', ORDER, plain);
    state = clickRow(state, 'e', ORDER, range);
    expect(sorted(state)).toEqual(['c', 'd', 'e']);
    // The anchor stays: a second Shift-click re-ranges from it.
    state = clickRow(state, 'a', ORDER, range);
    expect(sorted(state)).toEqual(['a', 'b', 'c']);
    expect(state).toMatchObject({ anchor: 'c', cursor: 'a' });
  });

  it('Ctrl+Shift-click adds the range to what was selected', () => {
    let state = clickRow(EMPTY_SELECTION, 'a', ORDER, plain);
    state = clickRow(state, 'd', ORDER, toggle);
    state = clickRow(state, 'f', ORDER, { range: true, toggle: true });
    expect(sorted(state)).toEqual(['a', 'd', 'e', 'f']);
  });

  it('a Shift-click with no anchor (or one filtered out) selects just that row', () => {
    expect(sorted(clickRow(EMPTY_SELECTION, 'c', ORDER, range))).toEqual(['c']);
    const hidden = { ...EMPTY_SELECTION, anchor: 'zz' };
    expect(sorted(clickRow(hidden, 'c', ORDER, range))).toEqual(['c']);
    expect(rangeBetween(ORDER, 'zz', 'c')).toEqual(['c']);
    expect(rangeBetween(ORDER, 'a', 'zz')).toEqual([]);
  });

  it('arrows move the cursor and select as they go; the first press lands on the first row', () => {
    let state = moveCursor(EMPTY_SELECTION, 'next', ORDER, 3, 'select');
    expect(state).toMatchObject({ cursor: 'a', anchor: 'a' });
    state = moveCursor(state, 'next', ORDER, 3, 'select');
    expect(sorted(state)).toEqual(['b']);
    state = moveCursor(state, 'previous', ORDER, 3, 'select');
    state = moveCursor(state, 'previous', ORDER, 3, 'select');
    expect(state.cursor).toBe('a');
    expect(moveCursor(EMPTY_SELECTION, 'last', ORDER, 3, 'select').cursor).toBe('f');
  });

  it('Page Up/Down move by a page and stop at the ends; Home and End go to them', () => {
    const at = (cursor: string): SelectionState => ({ selected: new Set([cursor]), anchor: cursor, cursor });
    expect(moveCursor(at('a'), 'pageDown', ORDER, 4, 'select').cursor).toBe('e');
    expect(moveCursor(at('e'), 'pageDown', ORDER, 4, 'select').cursor).toBe('f');
    expect(moveCursor(at('b'), 'pageUp', ORDER, 4, 'select').cursor).toBe('a');
    expect(moveCursor(at('c'), 'first', ORDER, 4, 'select').cursor).toBe('a');
    expect(moveCursor(at('c'), 'last', ORDER, 4, 'select').cursor).toBe('f');
  });

  it('Shift+arrows extend from the anchor (and shrink back); Ctrl+arrows move the cursor alone', () => {
    let state = clickRow(EMPTY_SELECTION, 'c', ORDER, plain);
    state = moveCursor(state, 'next', ORDER, 3, 'extend');
    state = moveCursor(state, 'next', ORDER, 3, 'extend');
    expect(sorted(state)).toEqual(['c', 'd', 'e']);
    state = moveCursor(state, 'previous', ORDER, 3, 'extend');
    expect(sorted(state)).toEqual(['c', 'd']);
    const moved = moveCursor(state, 'first', ORDER, 3, 'cursorOnly');
    expect(moved.cursor).toBe('a');
    expect(moved.selected).toBe(state.selected);
  });

  it('Space toggles the cursor row; select all and clear keep the cursor', () => {
    let state = moveCursor(EMPTY_SELECTION, 'next', ORDER, 3, 'cursorOnly');
    expect(state.selected.size).toBe(0);
    state = toggleCursor(state);
    expect(sorted(state)).toEqual(['a']);
    state = toggleCursor(state);
    expect(sorted(state)).toEqual([]);
    expect(toggleCursor(EMPTY_SELECTION)).toBe(EMPTY_SELECTION);
    state = selectAll(state, ORDER);
    expect(state.selected.size).toBe(6);
    expect(state.cursor).toBe('a');
    const cleared = clearSelection(state);
    expect(cleared.selected.size).toBe(0);
    expect(cleared.cursor).toBe('a');
    expect(clearSelection(cleared)).toBe(cleared);
  });

  it('moving in an empty list changes nothing', () => {
    expect(moveCursor(EMPTY_SELECTION, 'next', [], 3, 'select')).toBe(EMPTY_SELECTION);
  });

  it('what an action acts on: the selected rows that are shown, in display order', () => {
    expect(selectedInOrder(new Set(['e', 'zz', 'b']), ORDER)).toEqual(['b', 'e']);
    expect(selectedInOrder(new Set(), ORDER)).toEqual([]);
  });
});
