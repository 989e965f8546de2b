// @vitest-environment happy-dom
// The Source step's import in the DOM, against main: the name suggested from the picked file, problems shown beside
// the fields, Enter in the name field imports (rather than going to the next step), and the new image is selected.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestIds } from '../../../../../renderer/features/create/create-test-ids';
import { CreateWizard } from '../../../../../renderer/features/create/CreateWizard';
import { ImportImageFile } from '../../../../../renderer/features/create/ImportImageFile';
import { startedUpload } from '../../../../../renderer/features/create/upload-model';
import { useCreateWizardStore } from '../../../../../renderer/features/create/create-wizard-store';
import { qcow2Image } from '../../../images/qcow2-fixture';
import { resetStore, useMainBackend } from '../../main-backend';

const start = useMainBackend();
const wizard = () => useCreateWizardStore.getState();

describe('importing a local file from the Source step', () => {
  beforeEach(() => {
    wizard().close();
    resetStore(useCreateWizardStore);
  });
  afterEach(() => cleanup());

  it('suggests the name, refuses a bad one beside the field, imports on Enter and selects the image', async () => {
    start();
    await act(async () => {
      await wizard().openWizard();
      wizard().setField('name', 'web');
      await wizard().next();
    });
    render(<CreateWizard />);
    expect(screen.getByTestId(createTestIds.panel('source'))).toBeTruthy();
    const fileInput = screen.getByTestId(createTestIds.uploadFile);
    const file = new File([new Uint8Array(qcow2Image())], 'vd-lab-tiny.qcow2');
    await act(async () => {
      fireEvent.change(fileInput, { target: { files: [file] } });
      await Promise.resolve();
    });
    const name = screen.getByTestId(createTestIds.uploadName) as HTMLInputElement;
    expect(name.value).toBe('vd-lab-tiny');

    await act(async () => {
      fireEvent.change(name, { target: { value: 'vd-lab-tiny ' } });
      await Promise.resolve();
    });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('create-upload-message')?.textContent).toBe('No spaces at the start or end');

    await act(async () => {
      fireEvent.change(name, { target: { value: 'vd-lab-tiny' } });
      fireEvent.keyDown(name, { key: 'Enter' });
      await Promise.resolve();
    });
    // Enter imported; the wizard stayed on Source.
    expect(wizard().step).toBe('source');
    await waitFor(() => expect(screen.getByTestId(createTestIds.uploadStatus).getAttribute('data-phase')).toBe('done'));
    const radio = screen.getByTestId(createTestIds.imageOption('vd-lab-tiny')) as HTMLInputElement;
    expect(radio.checked).toBe(true);
    expect(screen.getByTestId(createTestIds.uploadStatus).textContent).toContain('Imported vd-lab-tiny.qcow2 as vd-lab-tiny');
  });

  it('a running import: Cancel where the backend can stop it, else it says the import cannot be cancelled', () => {
    const upload = startedUpload('disk.qcow2', 'disk', 4096, Date.now());
    const props = { upload, canUpload: true, startUpload: () => Promise.resolve(), cancelUpload: () => undefined };
    const { rerender } = render(<ImportImageFile {...props} canCancel />);
    expect(screen.getByTestId(createTestIds.uploadCancel)).toBeTruthy();
    rerender(<ImportImageFile {...props} canCancel={false} />);
    expect(screen.queryByTestId(createTestIds.uploadCancel)).toBeNull();
    expect(screen.getByTestId(createTestIds.uploadNoCancel).textContent).toMatch(/cannot be cancelled/);
  });
});
