import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '../../../../../common/contract/schemas';
import { mergeActivities, orderActivities, progressOf, runningCount } from '../../../../../renderer/features/activity/activity-model';

const item = (id: string, state: ActivityItem['state'], startedAt: string, finishedAt: string | null = null, extra: Partial<ActivityItem> = {}): ActivityItem => ({
  id,
  kind: 'bulk',
  title: id,
  refs: {},
  state,
  progress: null,
  message: null,
  startedAt,
  finishedAt,
  ...extra,
});

describe('activity model', () => {
  it('orders running first (oldest first), then finished ones newest first', () => {
    const ordered = orderActivities([item('done-old', 'succeeded', '10', '11'), item('run-new', 'running', '20'), item('done-new', 'failed', '12', '15'), item('run-old', 'running', '05')]);
    expect(ordered.map((a) => a.id)).toEqual(['run-old', 'run-new', 'done-new', 'done-old']);
    expect(runningCount(ordered)).toBe(2);
    expect(runningCount(null)).toBe(0);
  });

  it('merges changes: a changed activity replaces its old self, new ones join, removed ones leave', () => {
    const list = [item('a', 'running', '01'), item('b', 'succeeded', '00', '02')];
    const merged = mergeActivities(list, { changed: [item('a', 'succeeded', '01', '03'), item('c', 'running', '04')], removed: ['b'] });
    expect(merged.map((a) => `${a.id}:${a.state}`)).toEqual(['c:running', 'a:succeeded']);
    expect(list.map((a) => a.state)).toEqual(['running', 'succeeded']);
  });

  it('reads progress as a fraction and in words', () => {
    expect(progressOf(item('a', 'running', '0'))).toBeNull();
    expect(progressOf(item('a', 'running', '0', null, { progress: { kind: 'steps', step: 2, of: 3 } }))).toEqual({ fraction: 2 / 3, text: '2 of 3' });
    expect(progressOf(item('a', 'running', '0', null, { progress: { kind: 'steps', step: 0, of: 0 } }))?.fraction).toBeNull();
    const upload = progressOf(item('a', 'running', '0', null, { progress: { kind: 'bytes', bytes: 1024 * 1024, total: 4 * 1024 * 1024, rate: 2 * 1024 * 1024, etaSeconds: 1.5 } }));
    expect(upload).toEqual({ fraction: 0.25, text: '1.0 MiB of 4.0 MiB · 2.0 MiB/s · 2 s left' });
    expect(progressOf(item('a', 'running', '0', null, { progress: { kind: 'bytes', bytes: 512, total: null, rate: 0, etaSeconds: null } }))).toEqual({ fraction: null, text: '512 B' });
  });
});
