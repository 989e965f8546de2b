// Consoles: what the rest of the renderer uses (the instance list, the detail panel, the app shell, main.tsx).
export { ConsoleWindow } from './components/ConsoleWindow';
export { ConsoleWorkspace, preloadConsoleViews } from './components/ConsoleWorkspace';
export { useConsoleStore, type ConsoleTab } from './console-store';
export { consoleWindowRoute, openConsole, popOutConsole } from './open-console';
export { consoleTestIds } from './test-ids';
