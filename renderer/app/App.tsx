import { useEffect, useState, type ComponentType } from 'react';
import type { Instance } from '../../common/contract/schemas';
import { ConsoleWorkspace, openConsole, popOutConsole, preloadConsoleViews } from '../features/console';
import { FlavorsScreen } from '../features/flavors/FlavorsScreen';
import { HostsScreen } from '../features/hosts/HostsScreen';
import { ImagesScreen } from '../features/images/ImagesScreen';
import { KeyPairsScreen } from '../features/keypairs/KeyPairsScreen';
import { InstancesScreen, type ConsoleRequest } from '../features/instances/InstancesScreen';
import { OverviewScreen } from '../features/overview/OverviewScreen';
import { ProjectsScreen } from '../features/projects/ProjectsScreen';
import { SshPromptHost } from '../features/ssh-prompts/SshPromptHost';
import { isEditableTarget } from '../shared/keyboard/keys';
import { useWindowKeyDown } from '../shared/keyboard/use-window-keydown';
import { ConnectionBanner } from './ConnectionStatus';
import { Header } from './Header';
import { SECTIONS, useNavigationStore, type SectionId } from './navigation-store';
import { ShortcutHelp } from './ShortcutHelp';
import { Sidebar } from './Sidebar';
import './app.css';

/** The console feature behind the Instances list's double-click and row menu: a tab here, or a window of its own. */
function onOpenConsole(instance: Instance, request: ConsoleRequest): void {
  if (request.window) popOutConsole(instance, request.kind);
  else openConsole(instance, request.kind, request.eventTime);
}

function InstancesWithConsoles() {
  // Where consoles are opened from: fetch their viewers now, so a double-click does not wait for them.
  useEffect(preloadConsoleViews, []);
  return <InstancesScreen onOpenConsole={onOpenConsole} />;
}

const SCREENS: Readonly<Record<SectionId, ComponentType>> = {
  overview: OverviewScreen,
  instances: InstancesWithConsoles,
  hosts: HostsScreen,
  flavors: FlavorsScreen,
  projects: ProjectsScreen,
  images: ImagesScreen,
  keypairs: KeyPairsScreen,
};

/** The window: header, sidebar, the selected screen with the open consoles' tabs; `?` lists the keyboard shortcuts. */
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
        <ConsoleWorkspace screenLabel={SECTIONS.find((s) => s.id === section)?.label}>
          <Screen />
        </ConsoleWorkspace>
      </main>
      <SshPromptHost />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
