import type { ResultOf } from '../../../common/contract/channels';
import type { QuotaReport, QuotaResource, SetQuotaArgs } from '../../../common/contract/admin-schemas';
import { backend } from '../../shared/backend/current-backend';
import { createActionStore } from '../../shared/stores/action-store';
import { createListStore } from '../../shared/stores/list-store';

/** The projects (`projects.list`). */
export const useProjectsStore = createListStore('projects.list');

/** Creating projects and setting their quotas. */
export const useProjectActions = createActionStore();

/** Create a project; the list is reloaded after. Resolves to it, or null (the reason is in the action store). */
export async function createProject(name: string, description: string): Promise<ResultOf<'projects.create'> | null> {
  const args = description.trim() === '' ? { name } : { name, description: description.trim() };
  const created = await useProjectActions.getState().run('create', () => backend().call('projects.create', args));
  if (created !== null) await useProjectsStore.getState().load();
  return created;
}

/** A project's quota with usage (`quotas.show`). */
export function fetchQuota(projectId: string): Promise<QuotaReport> {
  return backend().call('quotas.show', { project: projectId });
}

/** Set a project's limits (null: back to the default). Resolves to the new report, or null. */
export function saveQuota(projectId: string, limits: Partial<Record<QuotaResource, number | null>>): Promise<QuotaReport | null> {
  const args: SetQuotaArgs = { project: projectId, ...limits };
  return useProjectActions.getState().run(`quota:${projectId}`, () => backend().call('quotas.set', args));
}

/** What a quota field holds: a whole number ≥ −1 (−1: unlimited), or empty for the default; else why not. */
export function parseLimit(text: string): { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!/^-?\d+$/.test(trimmed)) return { ok: false, problem: 'A whole number, −1 for unlimited, or empty for the default' };
  const value = Number(trimmed);
  if (value < -1) return { ok: false, problem: 'At least −1 (unlimited)' };
  if (value > 2_147_483_647) return { ok: false, problem: 'At most 2147483647' };
  return { ok: true, value };
}

/**
 * The limits to send for what the form holds: changed fields only (a default left empty stays the default; a field
 * emptied goes back to it). Null when a field is invalid.
 */
export function quotaChanges(report: QuotaReport, fields: Readonly<Record<QuotaResource, string>>): Partial<Record<QuotaResource, number | null>> | null {
  const changes: Partial<Record<QuotaResource, number | null>> = {};
  for (const line of report.lines) {
    const parsed = parseLimit(fields[line.resource]);
    if (!parsed.ok) return null;
    const before = line.isDefault ? null : line.limit;
    if (parsed.value !== before) changes[line.resource] = parsed.value;
  }
  return changes;
}
