// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { HostsScreen } from '../../../../../renderer/features/hosts/HostsScreen';
import { useHostsStore } from '../../../../../renderer/shared/stores/hosts-store';
import { testIds } from '../../../../../renderer/testIds';
import { resetStore, useMainBackend } from '../../main-backend';

// The Hosts screen against main's real service facade and inventory (in process): what the user
// sees after adding a host whose URI weakens host-key checks.
const start = useMainBackend();
afterEach(() => cleanup());

async function addThroughForm(name: string, uri: string): Promise<void> {
  start();
  resetStore(useHostsStore);
  render(createElement(HostsScreen));
  // No host yet: the form is open.
  fireEvent.change(await screen.findByTestId(testIds.addHostName), { target: { value: name } });
  fireEvent.change(screen.getByTestId(testIds.addHostUri), { target: { value: uri } });
  fireEvent.click(screen.getByTestId(testIds.addHostSubmit));
  await screen.findByText(uri);
}

describe('HostsScreen: adding a host', () => {
  it('shows the no_verify=1 warning once the host is added, until dismissed', async () => {
    await addThroughForm('lab1', 'qemu+ssh://root@lab1.example/system?no_verify=1');
    const warning = await screen.findByTestId(testIds.addHostWarnings);
    expect(warning.textContent).toMatch(/Host lab1 was added, with warnings about how it is reached:/);
    expect(warning.textContent).toMatch(/no_verify=1: lab1\.example is accepted even when its host key is in no known_hosts file/);
    expect(warning.textContent).toMatch(/a key that contradicts known_hosts is still refused/);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId(testIds.addHostWarnings)).toBeNull();
  });

  it('shows nothing when there is nothing to warn about', async () => {
    await addThroughForm('lab2', 'qemu+ssh://root@lab2.example/system');
    expect(screen.queryByTestId(testIds.addHostWarnings)).toBeNull();
  });
});
