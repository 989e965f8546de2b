// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/app/App';
import { useNavigationStore } from '../../../../renderer/app/navigation-store';
import { SHORTCUTS } from '../../../../renderer/app/shortcuts';
import { useConnectionStore } from '../../../../renderer/shared/stores/connection-store';
import { testIds } from '../../../../renderer/testIds';
import { resetStore, useMainBackend } from '../main-backend';

const start = useMainBackend();

describe('the window', () => {
  beforeEach(() => {
    resetStore(useNavigationStore);
    resetStore(useConnectionStore);
    sessionStorage.clear();
  });
  afterEach(() => cleanup());

  it('"?" lists every keyboard shortcut; typing "?" in a text field does not', async () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    render(<App />);
    fireEvent.click(screen.getByTestId(testIds.navItem('hosts')));
    const field = await screen.findByTestId(testIds.addHostName);
    fireEvent.keyDown(field, { key: '?' });
    expect(screen.queryByTestId(testIds.shortcutHelp)).toBeNull();

    fireEvent.keyDown(document.body, { key: '?' });
    const help = screen.getByTestId(testIds.shortcutHelp);
    for (const group of SHORTCUTS) for (const shortcut of group.shortcuts) expect(help.textContent).toContain(shortcut.does);
    expect(help.textContent).toContain('Ctrl+F');
    fireEvent.click(screen.getByTestId(testIds.shortcutHelpClose));
    expect(screen.queryByTestId(testIds.shortcutHelp)).toBeNull();

    fireEvent.click(screen.getByTestId(testIds.shortcutHelpOpen));
    expect(screen.getByTestId(testIds.shortcutHelp)).toBeTruthy();
  });

  it('the section shown survives a reload of the tab', () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    render(<App />);
    fireEvent.click(screen.getByTestId(testIds.navItem('instances')));
    window.dispatchEvent(new Event('pagehide'));
    expect(JSON.parse(sessionStorage.getItem('virt-deck.section') ?? 'null')).toBe('instances');
  });
});
