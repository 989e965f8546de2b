// @vitest-environment happy-dom
// The quota dialog against main: a save error belongs to one opening of the dialog; closing it forgets the error.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { QuotaDialog } from '../../../../../renderer/features/projects/QuotaDialog';
import { useProjectActions } from '../../../../../renderer/features/projects/projects-store';
import { useMainBackend } from '../../main-backend';

const start = useMainBackend();

afterEach(() => cleanup());

describe('the quota dialog', () => {
  it('closing it clears the save error, so the next opening starts clean', async () => {
    const main = start();
    const project = (await main.backend.call('projects.list', {}))[0];
    if (project === undefined) throw new Error('main has no project');
    const key = `quota:${project.id}`;
    await useProjectActions.getState().run(key, () => Promise.reject(new Error('Limit below what is in use')));
    let closed = 0;
    render(<QuotaDialog project={project} onClose={() => closed++} />);
    expect(screen.getByText(/Limit below what is in use/)).toBeTruthy();
    fireEvent.click(screen.getByText('Cancel'));
    expect(closed).toBe(1);
    expect(useProjectActions.getState().errors.has(key)).toBe(false);
  });
});
