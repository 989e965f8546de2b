import type { ComponentType } from 'react';
import { ConnectionBanner } from './ConnectionStatus';
import { FlavorsScreen } from '../features/flavors/FlavorsScreen';
import { Header } from './Header';
import { HostsScreen } from '../features/hosts/HostsScreen';
import { InstancesScreen } from '../features/instances/InstancesScreen';
import { OverviewScreen } from '../features/overview/OverviewScreen';
import { ProjectsScreen } from '../features/projects/ProjectsScreen';
import { Sidebar } from './Sidebar';
import { useNavigationStore, type SectionId } from './navigation-store';
import './app.css';

const SCREENS: Readonly<Record<SectionId, ComponentType>> = {
  overview: OverviewScreen,
  instances: InstancesScreen,
  hosts: HostsScreen,
  flavors: FlavorsScreen,
  projects: ProjectsScreen,
};

/** The window: header, sidebar, the selected screen. */
export function App() {
  const section = useNavigationStore((s) => s.section);
  const Screen = SCREENS[section];
  return (
    <div className="app">
      <Header />
      <Sidebar />
      <main className="content">
        <ConnectionBanner />
        <Screen />
      </main>
    </div>
  );
}
