import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setBackend } from './backend/current-backend';
import { selectBackend } from './backend/select-backend';
import { startSession } from './stores/session';
import './styles.css';

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
