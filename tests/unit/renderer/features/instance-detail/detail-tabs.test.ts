import { describe, expect, it } from 'vitest';
import { DETAIL_TABS, isDetailTab, tabForKey } from '../../../../../renderer/features/instance-detail/detail-tabs';

describe('the details panel tabs', () => {
  it('are Overview, Graphs, Hardware & XML, Action log, Console and Serial, in that order', () => {
    expect(DETAIL_TABS.map((tab) => tab.id)).toEqual(['overview', 'graphs', 'hardware', 'actions', 'console', 'serial']);
  });

  it('move with the arrows (wrapping) and Home/End; other keys do nothing', () => {
    expect(tabForKey('overview', 'ArrowRight')).toBe('graphs');
    expect(tabForKey('serial', 'ArrowRight')).toBe('overview');
    expect(tabForKey('overview', 'ArrowLeft')).toBe('serial');
    expect(tabForKey('hardware', 'Home')).toBe('overview');
    expect(tabForKey('hardware', 'End')).toBe('serial');
    expect(tabForKey('hardware', 'Enter')).toBeNull();
  });

  it('accept only known tab names from storage', () => {
    expect(isDetailTab('actions')).toBe(true);
    expect(isDetailTab('__proto__')).toBe(false);
    expect(isDetailTab(3)).toBe(false);
  });
});
