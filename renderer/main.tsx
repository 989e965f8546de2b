import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ConsoleWindow, consoleWindowRoute } from './features/console';
import { setBackend } from './backend/current-backend';
import { selectBackend } from './backend/select-backend';
import { startSession } from './stores/session';
import './styles.css';

const backend = selectBackend();
setBackend(backend);
startSession(backend);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A console popped out of the main window shows only that console.
const consoleRoute = consoleWindowRoute(window.location.hash);
createRoot(root).render(
  <StrictMode>{consoleRoute === null ? <App /> : <ConsoleWindow uuid={consoleRoute.uuid} kind={consoleRoute.kind} />}</StrictMode>,
);
