import { describe, expect, it } from 'vitest';
import { WatchRegistry } from '../../../main/stats/watches';

describe('WatchRegistry', () => {
  it('keeps the union per level with reference counts, and says what started and stopped', () => {
    const watches = new WatchRegistry();
    expect(watches.set('a', 'summary', ['x', 'y'])).toEqual({ addedForViewer: ['x', 'y'], started: ['x', 'y'], stopped: [] });
    expect(watches.set('b', 'summary', ['y', 'z'])).toEqual({ addedForViewer: ['y', 'z'], started: ['z'], stopped: [] });
    expect([...watches.watched('summary')].sort()).toEqual(['x', 'y', 'z']);
    // A replaces its watch: x is nobody's now, y is still b's.
    expect(watches.set('a', 'summary', ['w'])).toEqual({ addedForViewer: ['w'], started: ['w'], stopped: ['x'] });
    expect(watches.isWatched('summary', 'y')).toBe(true);
    expect(watches.size('summary')).toBe(3);
    // Levels are separate.
    expect(watches.size('detail')).toBe(0);
    watches.set('a', 'detail', ['y']);
    expect([...watches.viewers('detail')]).toEqual([['a', new Set(['y'])]]);
  });

  it('drops a viewer’s every watch at once', () => {
    const watches = new WatchRegistry();
    watches.set('a', 'summary', ['x', 'y']);
    watches.set('a', 'detail', ['x']);
    watches.set('b', 'summary', ['y']);
    expect(watches.drop('a')).toEqual({ summary: ['x'], detail: ['x'] });
    expect([...watches.viewers('summary')]).toEqual([['b', new Set(['y'])]]);
    expect(watches.drop('a')).toEqual({ summary: [], detail: [] });
    expect(watches.set('b', 'summary', [])).toEqual({ addedForViewer: [], started: [], stopped: ['y'] });
    expect(watches.size('summary')).toBe(0);
  });

  it('ignores duplicates in one watch', () => {
    const watches = new WatchRegistry();
    expect(watches.set('a', 'summary', ['x', 'x'])).toEqual({ addedForViewer: ['x'], started: ['x'], stopped: [] });
    expect(watches.set('a', 'summary', [])).toEqual({ addedForViewer: [], started: [], stopped: ['x'] });
  });
});
