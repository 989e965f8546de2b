import { describe, expect, it } from 'vitest';
import { ActivityRegistry } from '../../../main/activity';

function clock(start = Date.parse('2026-12-07T20:00:00.000Z')) {
  let t = start;
  return { now: () => new Date(t), tick: (ms: number) => (t += ms) };
}

describe('ActivityRegistry', () => {
  it('tracks an activity from start to success and tells listeners each change', () => {
    const c = clock();
    const registry = new ActivityRegistry({ now: c.now });
    const seen: string[] = [];
    registry.onChange(({ changed }) => seen.push(...changed.map((a) => `${a.state}:${a.progress?.kind ?? '-'}:${a.message ?? ''}`)));
    const handle = registry.start({ kind: 'upload', title: 'Upload cirros to lab1', refs: { imageId: 'i1', hostId: 'h1' } });
    handle.progress({ kind: 'bytes', bytes: 10, total: 100, rate: 5, etaSeconds: 18 });
    handle.message('verifying');
    c.tick(1000);
    handle.succeed('done');
    handle.progress({ kind: 'steps', step: 1, of: 2 }); // after the end: ignored
    expect(seen).toEqual(['running:-:', 'running:bytes:', 'running:bytes:verifying', 'succeeded:bytes:done']);
    expect(registry.get(handle.id)).toMatchObject({
      kind: 'upload',
      refs: { imageId: 'i1', hostId: 'h1' },
      state: 'succeeded',
      startedAt: '2026-12-07T20:00:00.000Z',
      finishedAt: '2026-12-07T20:00:01.000Z',
    });
  });

  it('records failures with the error message', () => {
    const registry = new ActivityRegistry();
    const handle = registry.start({ kind: 'import', title: 'Import x' });
    handle.fail(new Error('it is an ISO'));
    expect(registry.get(handle.id)).toMatchObject({ state: 'failed', message: 'it is an ISO' });
  });

  it('lists running ones first, then finished ones newest first, and drops the oldest beyond the history limit', () => {
    const c = clock();
    const registry = new ActivityRegistry({ now: c.now, historyLimit: 2 });
    const removed: string[] = [];
    registry.onChange((change) => removed.push(...change.removed));
    const handles = ['a', 'b', 'c'].map((title) => registry.start({ kind: 'bulk', title }));
    const running = registry.start({ kind: 'create', title: 'running' });
    for (const handle of handles) {
      c.tick(1);
      handle.succeed();
    }
    expect(registry.list().map((a) => a.title)).toEqual(['running', 'c', 'b']);
    expect(removed).toEqual([handles[0]?.id]);
    expect(registry.get(running.id)?.state).toBe('running');
  });

  it('keeps working when a listener throws, and reports it', () => {
    const logged: string[] = [];
    const registry = new ActivityRegistry({ log: (m) => logged.push(m) });
    registry.onChange(() => {
      throw new Error('boom');
    });
    const off = registry.onChange(() => undefined);
    registry.start({ kind: 'action', title: 't' }).succeed();
    off();
    expect(logged).toEqual(['activity listener failed: boom', 'activity listener failed: boom']);
  });
});
