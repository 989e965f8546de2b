// @vitest-environment happy-dom
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestIds } from '../../../../../renderer/features/create/create-test-ids';
import { CreateInstanceButton } from '../../../../../renderer/features/create/CreateInstanceButton';
import { useCreateWizardStore } from '../../../../../renderer/features/create/create-wizard-store';
import { useConnectionStore } from '../../../../../renderer/shared/stores/connection-store';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();
const wizard = () => useCreateWizardStore.getState();

describe('the create wizard', () => {
  beforeEach(() => {
    wizard().close();
    resetStore(useCreateWizardStore);
    resetStore(useConnectionStore);
  });
  afterEach(() => cleanup());

  it('opens with N, shows a problem beside its field as typed, and Enter goes on only when the step is valid', async () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    render(<CreateInstanceButton />);
    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'n' });
      await Promise.resolve();
    });
    const name = await screen.findByTestId(createTestIds.field('name'));
    await act(async () => {
      fireEvent.change(name, { target: { value: ' web' } });
      await Promise.resolve();
    });
    expect(screen.getByTestId(createTestIds.fieldError('name')).textContent).toBe('No spaces at the start or end');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe(screen.getByTestId(createTestIds.fieldError('name')).id);
    await act(async () => {
      fireEvent.keyDown(name, { key: 'Enter' });
      await Promise.resolve();
    });
    expect(screen.getByTestId(createTestIds.panel('details'))).toBeTruthy();
    await act(async () => {
      fireEvent.change(name, { target: { value: 'web' } });
      await Promise.resolve();
    });
    expect(screen.queryByTestId(createTestIds.fieldError('name'))).toBeNull();
    await act(async () => {
      fireEvent.keyDown(name, { key: 'Enter' });
      await Promise.resolve();
    });
    expect(screen.getByTestId(createTestIds.panel('source'))).toBeTruthy();
  });

  it('shows a failed build’s fault with Retry, and Retry sends the request again', async () => {
    const main = start();
    useConnectionStore.getState().attach(main.backend);
    const host = await main.addHost('hv1');
    main.inventory.store.hosts.update(host.id, { facts: { cpus: 8, memoryMiB: 16_384, diskGiB: 100, arch: 'x86_64', domainType: 'qemu' } });
    const { uuid } = await main.addInstance(null, { name: 'web', vmState: 'error', powerState: 0 });
    main.inventory.store.instances.update(uuid, { fault: { code: 500, message: 'Build of instance web aborted: no space left', createdAt: new Date().toISOString() } });
    const failed = await main.show(uuid);
    const path = join(main.app.dataDir ?? '', 'disk.raw');
    writeFileSync(path, Buffer.alloc(1024 * 1024, 1));
    await main.backend.call('images.import', { path, name: 'disk' });
    render(<CreateInstanceButton />);
    await act(() => wizard().openWizard());
    const tiny = wizard().flavors.find((f) => f.name === 'm1.tiny')!;
    // The failed build as the feed left it; the draft is what was sent.
    act(() => useCreateWizardStore.setState({ phase: 'following', step: 'review', reached: 6, created: [failed], lastTask: { [failed.uuid]: 'spawning' }, draft: { ...wizard().draft, name: 'web', flavor: tiny.id } }));
    expect(screen.getByTestId(createTestIds.fault).textContent).toContain('no space left');
    expect(screen.getByTestId(createTestIds.build(failed.uuid)).getAttribute('data-status')).toBe('ERROR');
    // Main refuses this retry (the quota ran out meanwhile), so no build starts in this test; the refusal is shown.
    main.inventory.services.quotas.set('admin', { instances: 0 });
    const calls = main.backend.calls.length;
    await act(async () => {
      fireEvent.click(screen.getByTestId(createTestIds.retry));
      for (let i = 0; i < 10; i++) await Promise.resolve();
    });
    expect(main.backend.calls.slice(calls)).toContain('instances.create');
    expect(screen.getByTestId(createTestIds.submitError).textContent).toMatch(/^Not created: /);
    expect(wizard().phase).toBe('editing');
  });
});
