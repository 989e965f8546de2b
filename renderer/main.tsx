import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The global base first: every feature's own styles come after it and may refine it.
import './base.css';
import { App } from './app/App';
import { ConsoleWindow, consoleWindowRoute } from './features/console';
import { setBackend } from './shared/backend/current-backend';
import { selectBackend } from './shared/backend/select-backend';
import { startSession } from './app/session';

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
