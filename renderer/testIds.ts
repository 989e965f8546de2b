// Stable test ids, from one place (cockpit-machines style): tests and components import the same helpers.
import type { SectionId } from './app/navigation-store';

/** Test id of an instance's row in the Instances table, by UUID (names need not be unique; UUIDs are). */
export function instanceRowId(uuid: string): string {
  return `instance-row-${uuid}`;
}

/** DOM id of an instance's row (the grid's `aria-activedescendant` points at it). */
export function instanceRowDomId(uuid: string): string {
  return `instance-row-el-${uuid}`;
}

/** Test id of a host's card on the Hosts screen, by name (host names are unique and URL-safe). */
export function hostRowId(name: string): string {
  return `host-row-${name}`;
}

/** Test ids of the shell. */
export const testIds = {
  header: 'app-header',
  appName: 'app-name',
  modeBadge: 'mode-badge',
  connectionStatus: 'connection-status',
  connectionBanner: 'connection-banner',
  navItem: (section: SectionId) => `nav-${section}`,
  screen: (section: SectionId) => `screen-${section}`,
  screenError: 'screen-error',
  appVersion: 'app-version',
  appMode: 'app-mode',
  dataDir: 'app-data-dir',
  platform: 'app-platform',
  localLibvirt: 'local-libvirt',
  addHostHelp: 'add-host-help',
  labHelp: 'lab-help',
  overviewHosts: 'overview-hosts',
  flavorsTable: 'flavors-table',
  flavorRow: (name: string) => `flavor-row-${name}`,
  projectsTable: 'projects-table',
  projectRow: (name: string) => `project-row-${name}`,

  instancesTable: 'instances-table',
  instanceRow: instanceRowId,
  /** The Status badge; inside a row or the detail panel. */
  instanceStatus: 'instance-status',
  /** The Task State cell of a row: main's task state, or an action asked for and not answered yet. */
  instanceTask: 'instance-task',
  /** A sortable column's header button, by sort key (`name`, `status`, `host`, …). */
  instancesSort: (column: string) => `instances-sort-${column}`,
  instancesSearch: 'instances-search',
  /** A filter's select: `host`, `project` or `status`. */
  instancesFilter: (filter: string) => `instances-filter-${filter}`,
  instancesClearFilters: 'instances-clear-filters',
  /** "Showing N of M"; carries data-shown, data-total and data-selected. */
  instancesSummary: 'instances-summary',
  instancesRefresh: 'instances-refresh',
  instancesLoading: 'instances-loading',
  /** The empty state (no instances at all, or none that match). */
  instancesEmpty: 'instances-empty',
  /** The marker that the rows may be out of date (offline), with the time they are from. */
  instancesStale: 'instances-stale',
  instanceMenu: 'instance-menu',
  instanceMenuItem: (item: string) => `instance-menu-${item}`,
  deleteDialog: 'delete-dialog',
  deleteRefusal: 'delete-refusal',
  deleteConfirm: 'delete-confirm',
  deleteCancel: 'delete-cancel',
  /** What the delete request came back with (refusals, or "not available yet"). */
  deleteOutcome: 'delete-outcome',
  shortcutHelp: 'shortcut-help',
  shortcutHelpOpen: 'shortcut-help-open',
  shortcutHelpClose: 'shortcut-help-close',
  instanceDetail: 'instance-detail',
  instanceDetailClose: 'instance-detail-close',
  /** One property of the detail panel (`vm_state`, `host`, `fault`, …). */
  instanceDetailValue: (property: string) => `instance-detail-${property}`,

  hostsList: 'hosts-list',
  hostRow: hostRowId,
  /** Inside a host card: its status badge, facts and actions. */
  hostStatus: 'host-status',
  hostStatusReason: 'host-status-reason',
  hostEnabled: 'host-enabled',
  hostFact: (fact: string) => `host-fact-${fact}`,
  hostVcpus: 'host-vcpus',
  hostRam: 'host-ram',
  hostRemove: 'host-remove',
  hostRemoveForce: 'host-remove-force',
  hostRemoveConfirm: 'host-remove-confirm',
  hostRemoveCancel: 'host-remove-cancel',
  hostRemoveError: 'host-remove-error',
  addHostOpen: 'add-host-open',
  addHostForm: 'add-host-form',
  addHostName: 'add-host-name',
  addHostUri: 'add-host-uri',
  addHostKeyFile: 'add-host-key-file',
  addHostKnownHosts: 'add-host-known-hosts',
  addHostSubmit: 'add-host-submit',
  addHostCancel: 'add-host-cancel',
  addHostError: 'add-host-error',
  addHostWarnings: 'add-host-warnings',
} as const;
