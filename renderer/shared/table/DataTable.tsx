import type { ReactNode } from 'react';
import './table.css';

/** A column of a list table. */
export interface Column<Row> {
  readonly title: string;
  readonly cell: (row: Row) => ReactNode;
  readonly numeric?: boolean;
}

/** A short list as a plain table with the app's styling (long, selectable lists use VirtualTable). */
export function DataTable<Row>(props: {
  readonly rows: readonly Row[];
  readonly columns: readonly Column<Row>[];
  readonly rowKey: (row: Row) => string;
  readonly rowTestId: (row: Row) => string;
  readonly testId: string;
  readonly label?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={props.testId} aria-label={props.label}>
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
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)} data-testid={props.rowTestId(row)}>
              {props.columns.map((column) => (
                <td key={column.title} className={column.numeric ? 'numeric' : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
