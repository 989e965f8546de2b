import type { Backend } from './backend';

let current: Backend | undefined;

/** Install the backend chosen at start (main.tsx) — or a test's. */
export function setBackend(backend: Backend): void {
  current = backend;
}

/** The backend; only store actions call this. */
export function backend(): Backend {
  if (!current) throw new Error('No backend installed: main.tsx must call setBackend() before rendering');
  return current;
}
