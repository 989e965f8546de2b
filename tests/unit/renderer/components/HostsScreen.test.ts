// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { contract, events, type Channel } from '../../../../common/contract/channels';
import { createService } from '../../../../main/api/service';
import { contractHandlers } from '../../../../main/app/handlers';
import { openInventory, type Inventory } from '../../../../main/inventory';
import { BackendError, type Backend } from '../../../../renderer/backend/backend';
import { setBackend } from '../../../../renderer/backend/current-backend';
import { HostsScreen } from '../../../../renderer/components/HostsScreen';
import { useHostsStore } from '../../../../renderer/stores/hosts-store';
import { testIds } from '../../../../renderer/testIds';
import { useTempDirs } from '../../inventory/helpers';

// The Hosts screen against main's real service facade and inventory (in process): what the user
// sees after adding a host whose URI weakens host-key checks.
const tempDir = useTempDirs();
const inventories: Inventory[] = [];
afterEach(() => {
  cleanup();
  for (const inventory of inventories.splice(0)) inventory.close();
});

function inProcessBackend(): Backend {
  const dataDir = tempDir();
  const inventory = openInventory({ dataDir });
  inventories.push(inventory);
  const service = createService({ contract, events }, contractHandlers({ mode: 'web', dataDir, electronVersion: null, libvirtSocketPaths: [], inventory: () => inventory, builds: () => Promise.reject(new Error('no builds in this test')) }));
  return {
    kind: 'web',
    async call(channel: Channel, args: unknown) {
      const result = await service.call(channel, args, { transport: 'in-process' });
      if (!result.ok) throw new BackendError(result.error.code, result.error.message);
      return result.value as never;
    },
    subscribe: () => () => undefined,
    onConnectionChange: () => () => undefined,
    close: () => undefined,
  };
}

async function addThroughForm(name: string, uri: string): Promise<void> {
  useHostsStore.setState({ rows: null, addWarnings: null, addError: null });
  render(createElement(HostsScreen));
  // No host yet: the form is open.
  fireEvent.change(await screen.findByTestId(testIds.addHostName), { target: { value: name } });
  fireEvent.change(screen.getByTestId(testIds.addHostUri), { target: { value: uri } });
  fireEvent.click(screen.getByTestId(testIds.addHostSubmit));
  await screen.findByText(uri);
}

describe('HostsScreen: adding a host', () => {
  it('shows the no_verify=1 warning once the host is added, until dismissed', async () => {
    setBackend(inProcessBackend());
    await addThroughForm('lab1', 'qemu+ssh://root@lab1.example/system?no_verify=1');
    const warning = await screen.findByTestId(testIds.addHostWarnings);
    expect(warning.textContent).toMatch(/Host lab1 was added, with warnings about how it is reached:/);
    expect(warning.textContent).toMatch(/no_verify=1: lab1\.example is accepted even when its host key is in no known_hosts file/);
    expect(warning.textContent).toMatch(/a key that contradicts known_hosts is still refused/);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId(testIds.addHostWarnings)).toBeNull();
  });

  it('shows nothing when there is nothing to warn about', async () => {
    setBackend(inProcessBackend());
    await addThroughForm('lab2', 'qemu+ssh://root@lab2.example/system');
    expect(screen.queryByTestId(testIds.addHostWarnings)).toBeNull();
  });
});
