import { beforeEach, describe, expect, it } from 'vitest';
import type { QuotaReport } from '../../../../../common/contract/admin-schemas';
import { createProject, fetchQuota, parseLimit, quotaChanges, saveQuota, useProjectActions, useProjectsStore } from '../../../../../renderer/features/projects/projects-store';
import { resetStore, useMainBackend } from '../../main-backend';

// The Projects screen's store against main's real project and quota services.
const start = useMainBackend();

describe('projects store', () => {
  beforeEach(() => {
    resetStore(useProjectsStore);
    resetStore(useProjectActions);
  });

  it('creates a project, shows its quota and sets limits, an empty field going back to the default', async () => {
    start();
    const created = await createProject('vd-team', ' Team ');
    expect(created).toMatchObject({ name: 'vd-team', description: 'Team' });
    expect(useProjectsStore.getState().rows?.some((p) => p.name === 'vd-team')).toBe(true);
    const report = await fetchQuota(created?.id ?? '');
    expect(report.lines.every((l) => l.isDefault)).toBe(true);

    const changes = quotaChanges(report, { cores: '8', disk: '', instances: '-1', ram: '' });
    expect(changes).toEqual({ cores: 8, instances: -1 });
    const saved = await saveQuota(created?.id ?? '', changes ?? {});
    expect(saved?.lines.filter((l) => !l.isDefault).map((l) => `${l.resource}=${l.limit}`)).toEqual(['cores=8', 'instances=-1']);
    if (saved === null) return;
    expect(quotaChanges(saved, { cores: '', disk: '', instances: '-1', ram: '' })).toEqual({ cores: null });
  });

  it('refuses a duplicate name with main\'s reason', async () => {
    start();
    await createProject('vd-dup', '');
    expect(await createProject('vd-dup', '')).toBeNull();
    expect(useProjectActions.getState().errors.get('create')).toMatch(/already exists/);
  });

  it('checks quota fields as typed: whole numbers ≥ −1, empty for the default', () => {
    expect(parseLimit(' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseLimit('')).toEqual({ ok: true, value: null });
    expect(parseLimit('-1')).toEqual({ ok: true, value: -1 });
    expect(parseLimit('-2')).toMatchObject({ ok: false });
    expect(parseLimit('1.5')).toMatchObject({ ok: false });
    expect(parseLimit('99999999999')).toMatchObject({ ok: false });
    const report: QuotaReport = { project: { id: 'p', name: 'p', description: '', enabled: true, createdAt: '' }, lines: [{ resource: 'cores', limit: 20, isDefault: true, inUse: 0 }] };
    expect(quotaChanges(report, { cores: 'x', disk: '', instances: '', ram: '' })).toBeNull();
  });
});
