import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The global base first: every feature's own styles come after it and may refine it.
import './base.css';
import { App } from './app/App';
import { setBackend } from './shared/backend/current-backend';
import { selectBackend } from './shared/backend/select-backend';
import { startSession } from './app/session';

const backend = selectBackend();
setBackend(backend);
startSession(backend);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
