import { useCallback, type RefObject } from 'react';
import type { Instance } from '../../../common/contract/schemas';
import { useInstanceActionsStore } from '../../shared/stores/instance-actions-store';
import { useInstancesStore } from '../../shared/stores/instances-store';
import { VirtualTable } from '../../shared/table/VirtualTable';
import { useStatsStore } from '../stats';
import { instanceRowDomId, testIds } from '../../testIds';
import { instanceColumns } from './instance-columns';
import type { InstancesScreenProps } from './InstancesScreen';
import { useInstancesViewStore } from './instances-view-store';

const uuidOf = (instance: Instance): string => instance.uuid;
const rowTestId = (instance: Instance): string => testIds.instanceRow(instance.uuid);
/** The rows in the window watch their CPU (summary level) while shown: one watch for the window, rows scrolled away stop. */
const watchWindow = (rows: readonly Instance[]): (() => void) | undefined => (rows.length === 0 ? undefined : useStatsStore.getState().retain('summary', rows.map(uuidOf)));

/** The Instances list itself: the shown rows in a virtual table, wired to the view store. */
export function InstancesGrid(props: {
  readonly rows: readonly Instance[];
  readonly gridRef: RefObject<HTMLDivElement | null>;
  /** Double-click on a row: its VNC console, here (see InstancesScreen's `onOpenConsole`). */
  readonly onOpenConsole: InstancesScreenProps['onOpenConsole'];
}) {
  const { rows, onOpenConsole } = props;
  const sort = useInstancesViewStore((s) => s.sort);
  const selection = useInstancesViewStore((s) => s.selection);
  const sortBy = useInstancesViewStore((s) => s.sortBy);
  const clickRow = useInstancesViewStore((s) => s.clickRow);
  const runKey = useInstancesViewStore((s) => s.runKey);
  const openMenu = useInstancesViewStore((s) => s.openMenu);
  const stale = useInstancesStore((s) => s.stale);
  const columns = instanceColumns(useInstanceActionsStore((s) => s.pending));
  const onRowDoubleClick = useCallback(
    (uuid: string, eventTime: number) => {
      const instance = rows.find((row) => row.uuid === uuid);
      if (instance !== undefined) onOpenConsole?.(instance, { kind: 'vnc', window: false, eventTime });
    },
    [rows, onOpenConsole],
  );
  const onRowContextMenu = useCallback((uuid: string, x: number, y: number) => openMenu(uuid, { kind: 'pointer', x, y }), [openMenu]);
  return (
    <VirtualTable
      rows={rows}
      columns={columns}
      rowKey={uuidOf}
      rowTestId={rowTestId}
      rowDomId={instanceRowDomId}
      label="Instances"
      testId={testIds.instancesTable}
      sortHeaderTestId={testIds.instancesSort}
      sort={sort}
      onSort={sortBy}
      selected={selection.selected}
      cursor={selection.cursor}
      onRowClick={clickRow}
      onRowDoubleClick={onRowDoubleClick}
      onRowContextMenu={onRowContextMenu}
      onKeyCommand={runKey}
      stale={stale}
      gridRef={props.gridRef}
      onWindow={watchWindow}
    />
  );
}
