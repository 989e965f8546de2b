import { useState, type ComponentType } from 'react';
import { FlavorsScreen } from '../features/flavors/FlavorsScreen';
import { HostsScreen } from '../features/hosts/HostsScreen';
import { InstancesScreen } from '../features/instances/InstancesScreen';
import { OverviewScreen } from '../features/overview/OverviewScreen';
import { ProjectsScreen } from '../features/projects/ProjectsScreen';
import { isEditableTarget } from '../shared/keyboard/keys';
import { useWindowKeyDown } from '../shared/keyboard/use-window-keydown';
import { ConnectionBanner } from './ConnectionStatus';
import { Header } from './Header';
import { useNavigationStore, type SectionId } from './navigation-store';
import { ShortcutHelp } from './ShortcutHelp';
import { Sidebar } from './Sidebar';
import './app.css';

// The console feature passes `onOpenConsole` to InstancesScreen here (double-click and the row menu call it).
const SCREENS: Readonly<Record<SectionId, ComponentType>> = {
  overview: OverviewScreen,
  instances: InstancesScreen,
  hosts: HostsScreen,
  flavors: FlavorsScreen,
  projects: ProjectsScreen,
};

/** The window: header, sidebar, the selected screen; `?` lists the keyboard shortcuts. */
export function App() {
  const section = useNavigationStore((s) => s.section);
  const [help, setHelp] = useState(false);
  const Screen = SCREENS[section];
  useWindowKeyDown((event) => {
    if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isEditableTarget(event.target)) return;
    if (document.querySelector('dialog[open]') !== null) return;
    event.preventDefault();
    setHelp(true);
  });
  return (
    <div className="app">
      <Header onShowShortcuts={() => setHelp(true)} />
      <Sidebar />
      <main className="content">
        <ConnectionBanner />
        <Screen />
      </main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
