import { ConnectionBanner } from './components/ConnectionStatus';
import { FlavorsScreen } from './components/FlavorsScreen';
import { Header } from './components/Header';
import { OverviewScreen } from './components/OverviewScreen';
import { ProjectsScreen } from './components/ProjectsScreen';
import { Sidebar } from './components/Sidebar';
import { useNavigationStore } from './stores/navigation-store';

/** The window: header, sidebar, the selected screen. */
export function App() {
  const section = useNavigationStore((s) => s.section);
  return (
    <div className="app">
      <Header />
      <Sidebar />
      <main className="content">
        <ConnectionBanner />
        {section === 'flavors' ? <FlavorsScreen /> : section === 'projects' ? <ProjectsScreen /> : <OverviewScreen />}
      </main>
    </div>
  );
}
