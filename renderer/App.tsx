import type { ComponentType } from 'react';
import { ConnectionBanner } from './components/ConnectionStatus';
import { FlavorsScreen } from './components/FlavorsScreen';
import { Header } from './components/Header';
import { HostsScreen } from './components/HostsScreen';
import { InstancesScreen } from './components/InstancesScreen';
import { OverviewScreen } from './components/OverviewScreen';
import { ProjectsScreen } from './components/ProjectsScreen';
import { Sidebar } from './components/Sidebar';
import { SshPromptHost } from './features/ssh-prompts/SshPromptHost';
import { useNavigationStore, type SectionId } from './stores/navigation-store';

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
      <SshPromptHost />
    </div>
  );
}
