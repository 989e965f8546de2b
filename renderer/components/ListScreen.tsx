import { useEffect, type ReactNode } from 'react';
import type { ListStore } from '../stores/list-store';
import type { SectionId } from '../stores/navigation-store';
import { testIds } from '../testIds';
import { LoadError } from './Panel';

/** A column of a list table. */
export interface Column<Row> {
  readonly title: string;
  readonly cell: (row: Row) => ReactNode;
  readonly numeric?: boolean;
}

/** A screen that shows one list from main as a table, with loading, error and empty states. */
export function ListScreen<Row>(props: {
  readonly section: SectionId;
  readonly title: string;
  readonly store: ListStore<Row>;
  readonly columns: readonly Column<Row>[];
  readonly rowKey: (row: Row) => string;
  readonly rowTestId: (row: Row) => string;
  readonly tableTestId: string;
  readonly empty: ReactNode;
}) {
  const { store } = props;
  const { rows, error, load } = store;
  useEffect(() => {
    if (rows === null) void load();
  }, [rows, load]);
  return (
    <div className="screen" data-testid={testIds.screen(props.section)}>
      <div className="screen__heading">
        <h1 className="screen__title">{props.title}</h1>
        <button type="button" className="button" onClick={() => void load()} disabled={store.loading}>
          Refresh
        </button>
      </div>
      {error && <LoadError message={error} onRetry={() => void load()} />}
      {rows === null ? (
        !error && <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid={props.tableTestId}>
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
              {rows.map((row) => (
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
      )}
    </div>
  );
}
