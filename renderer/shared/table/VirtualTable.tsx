import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { isMacPlatform } from '../keyboard/keys';
import { gridCommand, type GridCommand } from './grid-keys';
import { ariaSort, type SortState } from './sort';
import type { ClickModifiers } from './selection';
import './virtual-table.css';

/** A column of a virtual table. */
export interface VirtualColumn<Row, SortKey extends string> {
  readonly id: string;
  readonly title: string;
  /** Width in px; with `grow`, the least it gets. */
  readonly width: number;
  /** Share of the spare width this column takes (CSS `fr`); fixed width without. */
  readonly grow?: number;
  /** Set when the column sorts. */
  readonly sortKey?: SortKey;
  readonly numeric?: boolean;
  /** The header's tooltip, when the title needs explaining. */
  readonly description?: string;
  /** A class for every cell of the column (`vtable__cell--strong`, `--mono`, `--muted`): styling without wrappers. */
  readonly cellClass?: string;
  /** A cell's tooltip (the whole value where the column shows part of it, or why it is empty). */
  readonly cellTitle?: (row: Row) => string | undefined;
  /** The cell's content: plain text where it can be, since every element is paid for on each row shown. */
  readonly cell: (row: Row) => ReactNode;
}

/** Height of one row in px: fixed, so positions are known without measuring (what keeps 10 000 rows cheap). */
export const ROW_HEIGHT = 34;

/**
 * Rows rendered above and below the visible ones, so a short scroll shows rows that are already there: 4 rows (136 px)
 * cover a fast wheel's frame (about 120 px) while the compositor scrolls ahead of the page; every further row is paid
 * on each jump across the list, when every row on screen changes.
 */
const OVERSCAN = 4;

/**
 * Which rows to render: the visible ones plus {@link OVERSCAN} each side, except right after a jump (the visible rows
 * share none with those shown before: a drag of the scroll bar, End, a search result far away), when every row changes
 * and the overscan rows would be paid on each frame of the drag for nothing. The next short scroll brings them back.
 */
function useWindowRange(): (range: Range) => number[] {
  const shown = useRef<{ readonly start: number; readonly end: number } | null>(null);
  return useCallback((range: Range) => {
    const previous = shown.current;
    const jumped = previous !== null && (range.startIndex > previous.end || range.endIndex < previous.start);
    shown.current = { start: range.startIndex, end: range.endIndex };
    return defaultRangeExtractor(jumped ? { ...range, overscan: 0 } : range);
  }, []);
}

/**
 * Rows are keyed by a slot, not by their record: a row that scrolls out hands its slot (its DOM elements) to a row that
 * scrolls in, and a jump across the list updates the slots' text in place instead of creating and removing elements.
 * A row keeps its slot while it stays in the window; rows coming in take the slots freed by the rows that left (lowest
 * first), so while the window holds as many rows no element is created or removed. The assignment is kept between
 * renders; any assignment is a valid one, so a render that is not committed does no harm.
 */
function useRowSlots(indexes: readonly number[]): readonly number[] {
  const assigned = useRef<ReadonlyMap<number, number>>(new Map());
  const previous = assigned.current;
  const next = new Map<number, number>();
  const taken = new Set<number>();
  for (const index of indexes) {
    const slot = previous.get(index);
    if (slot !== undefined) {
      next.set(index, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const index of indexes) {
    if (next.has(index)) continue;
    while (taken.has(free)) free++;
    next.set(index, free);
    taken.add(free);
  }
  assigned.current = next;
  return indexes.map((index) => next.get(index) as number);
}

/**
 * Column widths in px for a table `width` wide: every column gets its `width`, the columns that `grow` share what is
 * left in proportion. Fixed pixel tracks spare the browser the grid's intrinsic sizing (measuring every cell's text) on
 * each row it lays out.
 */
export function columnWidths(columns: readonly { readonly width: number; readonly grow?: number }[], width: number): number[] {
  const least = columns.reduce((sum, column) => sum + column.width, 0);
  const shares = columns.reduce((sum, column) => sum + (column.grow ?? 0), 0);
  const spare = Math.max(0, width - least);
  return columns.map((column) => column.width + (shares === 0 ? 0 : Math.floor((spare * (column.grow ?? 0)) / shares)));
}

/** The grid's column template (pixel tracks for a table `width` wide) and the width under which it scrolls sideways. */
function columnLayout(columns: readonly { readonly width: number; readonly grow?: number }[], width: number): CSSProperties {
  return {
    gridTemplateColumns: columnWidths(columns, width)
      .map((px) => `${px}px`)
      .join(' '),
    minWidth: columns.reduce((sum, column) => sum + column.width, 0),
  };
}

/** Props of {@link VirtualTable}. */
export interface VirtualTableProps<Row, SortKey extends string> {
  readonly rows: readonly Row[];
  readonly columns: readonly VirtualColumn<Row, SortKey>[];
  readonly rowKey: (row: Row) => string;
  readonly rowTestId: (row: Row) => string;
  /** The DOM id of a row (for `aria-activedescendant` and for anchoring its menu). */
  readonly rowDomId: (key: string) => string;
  readonly label: string;
  readonly testId: string;
  readonly sort: SortState<SortKey>;
  readonly onSort: (key: SortKey) => void;
  readonly selected: ReadonlySet<string>;
  readonly cursor: string | null;
  readonly onRowClick: (key: string, modifiers: ClickModifiers) => void;
  /** `eventTime`: the double-click's `timeStamp` (what it opens may time itself from the click). */
  readonly onRowDoubleClick: (key: string, eventTime: number) => void;
  readonly onRowContextMenu: (key: string, x: number, y: number) => void;
  readonly onKeyCommand: (command: GridCommand, pageSize: number) => void;
  /** The rows may be out of date (offline): shown dimmed. */
  readonly stale?: boolean;
  /** Test id of a sortable column's header button. */
  readonly sortHeaderTestId?: (key: SortKey) => string;
  /** The grid element (the screen focuses it again after a menu or a dialog). */
  readonly gridRef?: RefObject<HTMLDivElement | null>;
  /**
   * The rows in the window (on screen and overscan) changed: what they need while shown (a stats watch) is asked for
   * once for the window, not by each row; the returned function releases it.
   */
  readonly onWindow?: (rows: readonly Row[]) => (() => void) | undefined;
}

/**
 * A table that renders only the rows on screen (plus a few): a `role="grid"` that is one tab stop, with the cursor
 * shown through `aria-activedescendant` (a roving tabindex would lose focus when the focused row scrolls out and is
 * unmounted). Fixed row height and fixed column tracks, so nothing is measured; rows memoized and keyed by slot, so a
 * scroll re-renders only the rows that come into view, reusing the elements of those that left. Clicks,
 * double-clicks and context menus are handled once on the body, not per row.
 */
export function VirtualTable<Row, SortKey extends string>(props: VirtualTableProps<Row, SortKey>) {
  const { rows, columns, rowKey, cursor } = props;
  const ownRef = useRef<HTMLDivElement>(null);
  const scrollRef = props.gridRef ?? ownRef;
  const mac = useMemo(() => isMacPlatform(), []);
  const rangeExtractor = useWindowRange();
  const virtualizer = useVirtualizer({
    rangeExtractor,
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // The sticky header sits above the first row inside the scroll element.
    scrollPaddingStart: ROW_HEIGHT,
  });
  const cursorIndex = useMemo(() => {
    if (cursor === null) return undefined;
    const index = rows.findIndex((row) => rowKey(row) === cursor);
    return index < 0 ? undefined : index;
  }, [rows, rowKey, cursor]);

  // Keep the cursor row on screen when the cursor moves (keys, a click, a reload that restored it). A live update that
  // only shifts its index must not pull the list back while the operator scrolls elsewhere.
  const cursorIndexNow = useRef(cursorIndex);
  cursorIndexNow.current = cursorIndex;
  useEffect(() => {
    if (cursorIndexNow.current !== undefined) virtualizer.scrollToIndex(cursorIndexNow.current, { align: 'auto' });
  }, [cursor, virtualizer]);

  const tableWidth = virtualizer.scrollRect?.width ?? 0;
  const template = useMemo(() => columnLayout(columns, tableWidth), [columns, tableWidth]);
  const items = virtualizer.getVirtualItems();
  const slots = useRowSlots(items.map((item) => item.index));
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  const windowRows = useMemo(() => rows.slice(first, last + 1), [rows, first, last]);
  const { onWindow } = props;
  useEffect(() => onWindow?.(windowRows), [onWindow, windowRows]);
  const activeId = cursorIndex !== undefined && cursorIndex >= first && cursorIndex <= last && cursor !== null ? props.rowDomId(cursor) : undefined;

  const { onKeyCommand, onRowClick, onRowDoubleClick, onRowContextMenu } = props;
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.target !== event.currentTarget) return;
      const command = gridCommand(event, mac);
      if (command === null) return;
      event.preventDefault();
      const height = scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10;
      onKeyCommand(command, Math.max(1, Math.floor(height / ROW_HEIGHT) - 2));
    },
    [mac, onKeyCommand],
  );
  const rowOf = (event: MouseEvent): string | null => (event.target as Element).closest<HTMLElement>('[data-row-key]')?.dataset.rowKey ?? null;
  const onClick = (event: MouseEvent) => {
    const key = rowOf(event);
    if (key !== null) onRowClick(key, { range: event.shiftKey, toggle: mac ? event.metaKey : event.ctrlKey });
  };
  const onMouseDown = (event: MouseEvent) => {
    // Shift-click selects a range, a double-click opens the row: neither may select text of the rows.
    if (event.shiftKey || event.detail > 1) event.preventDefault();
  };
  const onDoubleClick = (event: MouseEvent) => {
    const key = rowOf(event);
    if (key !== null) onRowDoubleClick(key, event.timeStamp);
  };
  const onContextMenu = (event: MouseEvent) => {
    const key = rowOf(event);
    if (key === null) return;
    event.preventDefault();
    scrollRef.current?.focus({ preventScroll: true });
    onRowContextMenu(key, event.clientX, event.clientY);
  };

  return (
    <div
      ref={scrollRef}
      className={`vtable${props.stale === true ? ' vtable--stale' : ''}`}
      role="grid"
      aria-label={props.label}
      aria-multiselectable="true"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-activedescendant={activeId}
      tabIndex={0}
      data-testid={props.testId}
      data-rows={rows.length}
      onKeyDown={onKeyDown}
    >
      <Header columns={columns} template={template} sort={props.sort} onSort={props.onSort} testId={props.sortHeaderTestId} />
      <div
        className="vtable__body"
        role="rowgroup"
        style={{ height: virtualizer.getTotalSize(), minWidth: template.minWidth }}
        onClick={onClick}
        onMouseDown={onMouseDown}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
      >
        {items.map((item, i) => {
          const row = rows[item.index] as Row;
          const key = rowKey(row);
          return (
            <VirtualRow
              key={slots[i]}
              row={row}
              rowKey={key}
              index={item.index}
              start={item.start}
              columns={columns}
              template={template}
              selected={props.selected.has(key)}
              isCursor={key === cursor}
              domId={props.rowDomId(key)}
              testId={props.rowTestId(row)}
            />
          );
        })}
      </div>
    </div>
  );
}

/** Props of the header row. */
interface HeaderProps<Row, SortKey extends string> {
  readonly columns: readonly VirtualColumn<Row, SortKey>[];
  readonly template: CSSProperties;
  readonly sort: SortState<SortKey>;
  readonly onSort: (key: SortKey) => void;
  readonly testId: ((key: SortKey) => string) | undefined;
}

/** The header row; re-renders when the sort changes, not on every scroll. */
const Header = memo(function Header<Row, SortKey extends string>(props: HeaderProps<Row, SortKey>) {
  return (
    <div className="vtable__head" role="rowgroup" style={{ minWidth: props.template.minWidth }}>
      <div className="vtable__row vtable__row--head" role="row" aria-rowindex={1} style={props.template}>
        {props.columns.map((column) => (
          <HeaderCell key={column.id} column={column} sort={props.sort} onSort={props.onSort} testId={props.testId} />
        ))}
      </div>
    </div>
  );
}) as <Row, SortKey extends string>(props: HeaderProps<Row, SortKey>) => ReactNode;

function HeaderCell<Row, SortKey extends string>(props: {
  readonly column: VirtualColumn<Row, SortKey>;
  readonly sort: SortState<SortKey>;
  readonly onSort: (key: SortKey) => void;
  readonly testId: ((key: SortKey) => string) | undefined;
}) {
  const { column, sort } = props;
  const className = `vtable__cell vtable__cell--head${column.numeric === true ? ' vtable__cell--numeric' : ''}`;
  if (column.sortKey === undefined) {
    return (
      <div className={`${className} vtable__cell--plain`} role="columnheader" title={column.description}>
        {column.title}
      </div>
    );
  }
  const key = column.sortKey;
  const direction = ariaSort(sort, key);
  return (
    <div className={className} role="columnheader" aria-sort={direction}>
      <button
        type="button"
        className="vtable__sort"
        data-testid={props.testId?.(key)}
        data-sort={direction}
        title={column.description ?? `Sort by ${column.title.toLowerCase()}`}
        onClick={() => props.onSort(key)}
      >
        <span>{column.title}</span>
        <span className="vtable__sort-mark" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
        </span>
      </button>
    </div>
  );
}

const cellClasses = new WeakMap<object, string>();

/** A column's cell class, built once per column. */
function cellClassName(column: Pick<VirtualColumn<never, string>, 'numeric' | 'cellClass'>): string {
  let name = cellClasses.get(column);
  if (name === undefined) {
    name = ['vtable__cell', column.numeric === true ? 'vtable__cell--numeric' : '', column.cellClass ?? ''].filter((part) => part !== '').join(' ');
    cellClasses.set(column, name);
  }
  return name;
}

interface VirtualRowProps<Row> {
  readonly row: Row;
  readonly rowKey: string;
  readonly index: number;
  readonly start: number;
  readonly columns: readonly VirtualColumn<Row, string>[];
  readonly template: CSSProperties;
  readonly selected: boolean;
  readonly isCursor: boolean;
  readonly domId: string;
  readonly testId: string;
}

/** One row; re-renders only when its record, place, selection or cursor changes. */
const VirtualRow = memo(function VirtualRow<Row>(props: VirtualRowProps<Row>) {
  const { row, columns } = props;
  return (
    <div
      className={`vtable__row${props.isCursor ? ' vtable__row--cursor' : ''}`}
      role="row"
      id={props.domId}
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      data-row-key={props.rowKey}
      data-testid={props.testId}
      style={{ ...props.template, transform: `translateY(${props.start}px)` }}
    >
      {columns.map((column) => (
        <div key={column.id} className={cellClassName(column)} role="gridcell" title={column.cellTitle?.(row)}>
          {column.cell(row)}
        </div>
      ))}
    </div>
  );
}) as <Row>(props: VirtualRowProps<Row>) => ReactNode;
