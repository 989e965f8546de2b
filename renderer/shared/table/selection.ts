/**
 * The multi-selection model of a list, as file managers and mail clients have it: rows are keys in display order; a
 * plain click selects one row, Ctrl/⌘-click toggles one, Shift-click selects the range from the anchor; arrow keys
 * move a cursor that selects as it goes (with Shift: extends the range; with Ctrl/⌘: moves alone). Pure functions
 * over immutable state, so the rules are tested without a DOM.
 */
export interface SelectionState {
  readonly selected: ReadonlySet<string>;
  /** Where a Shift range starts: the last row clicked or toggled. */
  readonly anchor: string | null;
  /** The row the keyboard is on (shown with a focus ring); Enter and the context menu key act on it. */
  readonly cursor: string | null;
}

/** Nothing selected. */
export const EMPTY_SELECTION: SelectionState = { selected: new Set(), anchor: null, cursor: null };

/** Modifiers of a click: Shift (range) and Ctrl/⌘ (toggle). */
export interface ClickModifiers {
  readonly range: boolean;
  readonly toggle: boolean;
}

/** The keys between `a` and `b` (inclusive) in display order; just `b` when `a` is not shown. */
export function rangeBetween(order: readonly string[], a: string | null, b: string): string[] {
  const end = order.indexOf(b);
  if (end < 0) return [];
  const start = a === null ? -1 : order.indexOf(a);
  if (start < 0) return [b];
  return order.slice(Math.min(start, end), Math.max(start, end) + 1);
}

/** A click on the row `key`. */
export function clickRow(state: SelectionState, key: string, order: readonly string[], modifiers: ClickModifiers): SelectionState {
  if (modifiers.range) {
    const range = rangeBetween(order, state.anchor, key);
    const selected = modifiers.toggle ? new Set([...state.selected, ...range]) : new Set(range);
    return { selected, anchor: state.anchor !== null && order.includes(state.anchor) ? state.anchor : key, cursor: key };
  }
  if (modifiers.toggle) return { selected: toggled(state.selected, key), anchor: key, cursor: key };
  return { selected: new Set([key]), anchor: key, cursor: key };
}

/** Where a key press moves the cursor. */
export type CursorMove = 'next' | 'previous' | 'pageDown' | 'pageUp' | 'first' | 'last';

/** What the move does to the selection: select the new row only, extend the range to it, or leave it alone. */
export type MoveMode = 'select' | 'extend' | 'cursorOnly';

/** Move the cursor; `pageSize` is how many rows one page key moves. */
export function moveCursor(state: SelectionState, move: CursorMove, order: readonly string[], pageSize: number, mode: MoveMode): SelectionState {
  if (order.length === 0) return state;
  const from = state.cursor === null ? -1 : order.indexOf(state.cursor);
  const target = clamp(targetIndex(from, move, order.length, Math.max(1, pageSize)), 0, order.length - 1);
  const key = order[target] as string;
  switch (mode) {
    case 'cursorOnly':
      return { ...state, cursor: key };
    case 'extend': {
      const anchor = state.anchor !== null && order.includes(state.anchor) ? state.anchor : (state.cursor ?? key);
      return { selected: new Set(rangeBetween(order, anchor, key)), anchor, cursor: key };
    }
    case 'select':
      return { selected: new Set([key]), anchor: key, cursor: key };
  }
}

function targetIndex(from: number, move: CursorMove, length: number, pageSize: number): number {
  // No cursor yet (or it is filtered out): the first key press lands on the first row (End on the last).
  if (from < 0) return move === 'last' ? length - 1 : 0;
  switch (move) {
    case 'next':
      return from + 1;
    case 'previous':
      return from - 1;
    case 'pageDown':
      return from + pageSize;
    case 'pageUp':
      return from - pageSize;
    case 'first':
      return 0;
    case 'last':
      return length - 1;
  }
}

/** Toggle the row under the cursor (Space). */
export function toggleCursor(state: SelectionState): SelectionState {
  if (state.cursor === null) return state;
  return { selected: toggled(state.selected, state.cursor), anchor: state.cursor, cursor: state.cursor };
}

/** Select every shown row (Ctrl/⌘+A). */
export function selectAll(state: SelectionState, order: readonly string[]): SelectionState {
  return { selected: new Set(order), anchor: state.anchor, cursor: state.cursor ?? order[0] ?? null };
}

/** Select nothing; the cursor stays where it is. */
export function clearSelection(state: SelectionState): SelectionState {
  return state.selected.size === 0 ? state : { ...state, selected: new Set() };
}

/** The selected keys among those shown, in display order: what an action on "the selection" acts on. */
export function selectedInOrder(selected: ReadonlySet<string>, order: readonly string[]): string[] {
  if (selected.size === 0) return [];
  return order.filter((key) => selected.has(key));
}

function toggled(selected: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selected);
  if (!next.delete(key)) next.add(key);
  return next;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
