import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';

/** A column of a list table. */
export interface Column<Row> {
  readonly title: string;
  readonly cell: (row: Row) => ReactNode;
  readonly numeric?: boolean;
}

/** Row selection: a single click (or Enter/Space on a focused row) selects; a double-click activates (opens). */
export interface RowSelection<Row> {
  readonly selectedKey: string | null;
  readonly onSelect: (row: Row) => void;
  /** Double-click: the row's main action (an instance's console). */
  readonly onActivate?: (row: Row, event: MouseEvent) => void;
  /** Right-click: the row's menu. */
  readonly onContextMenu?: (row: Row, event: MouseEvent) => void;
}

/** A table of rows with the app's table styling; rows are selectable when `selection` is given. */
export function DataTable<Row>(props: {
  readonly rows: readonly Row[];
  readonly columns: readonly Column<Row>[];
  readonly rowKey: (row: Row) => string;
  readonly rowTestId: (row: Row) => string;
  readonly testId: string;
  readonly selection?: RowSelection<Row>;
  readonly label?: string;
}) {
  const { selection } = props;
  const onKeyDown = (row: Row) => (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    selection?.onSelect(row);
  };
  return (
    <div className="table-wrap">
      <table className={selection ? 'table table--selectable' : 'table'} data-testid={props.testId} aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.title} scope="col" className={column.numeric ? 'numeric' : undefined}>
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => {
            const key = props.rowKey(row);
            return (
              <tr
                key={key}
                data-testid={props.rowTestId(row)}
                {...(selection && {
                  'aria-selected': selection.selectedKey === key,
                  tabIndex: 0,
                  onClick: () => selection.onSelect(row),
                  onKeyDown: onKeyDown(row),
                  ...(selection.onActivate && {
                    onDoubleClick: (event: MouseEvent) => selection.onActivate?.(row, event),
                    // A double-click opens the row: it must not also select a word of it.
                    onMouseDown: (event: MouseEvent) => {
                      if (event.detail > 1) event.preventDefault();
                    },
                  }),
                  ...(selection.onContextMenu && {
                    onContextMenu: (event: MouseEvent) => {
                      event.preventDefault();
                      selection.onSelect(row);
                      selection.onContextMenu?.(row, event);
                    },
                  }),
                })}
              >
                {props.columns.map((column) => (
                  <td key={column.title} className={column.numeric ? 'numeric' : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
