import { useEffect, type ReactNode } from 'react';
import type { ListStore } from '../stores/list-store';
import type { SectionId } from '../../app/navigation-store';
import { testIds } from '../../testIds';
import { DataTable, type Column } from './DataTable';
import { LoadError } from '../panel/Panel';

export type { Column } from './DataTable';

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
  /** Buttons beside Refresh (Create…, Import…). */
  readonly actions?: ReactNode;
  /** Shown above the table: an open form, a result to read once. */
  readonly children?: ReactNode;
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
        <div className="screen__actions">
          {props.actions}
          <button type="button" className="button" onClick={() => void load()} disabled={store.loading}>
            Refresh
          </button>
        </div>
      </div>
      {error && <LoadError message={error} onRetry={() => void load()} />}
      {props.children}
      {rows === null ? (
        !error && <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <DataTable
          rows={rows}
          columns={props.columns}
          rowKey={props.rowKey}
          rowTestId={props.rowTestId}
          testId={props.tableTestId}
          label={props.title}
        />
      )}
    </div>
  );
}
