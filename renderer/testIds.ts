// Stable test ids, from one place (cockpit-machines style): tests and components import the same helpers.
import type { SectionId } from './stores/navigation-store';

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
  flavorsTable: 'flavors-table',
  flavorRow: (name: string) => `flavor-row-${name}`,
  projectsTable: 'projects-table',
  projectRow: (name: string) => `project-row-${name}`,
} as const;
