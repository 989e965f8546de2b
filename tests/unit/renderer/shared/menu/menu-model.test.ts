import { describe, expect, it } from 'vitest';
import { nextMenuIndex, placeMenu, type MenuEntry } from '../../../../../renderer/shared/menu/menu-model';

const item = (id: string, disabledReason?: string): MenuEntry => ({ id, label: id, onSelect: () => undefined, ...(disabledReason === undefined ? {} : { disabledReason }) });
const ENTRIES: MenuEntry[] = [item('open'), item('console', 'not yet'), 'separator', item('copy'), 'separator', item('delete')];

describe('menu keyboard focus', () => {
  it('skips separators and disabled items, and wraps around', () => {
    expect(nextMenuIndex(ENTRIES, -1, 'first')).toBe(0);
    expect(nextMenuIndex(ENTRIES, 0, 'next')).toBe(3);
    expect(nextMenuIndex(ENTRIES, 3, 'next')).toBe(5);
    expect(nextMenuIndex(ENTRIES, 5, 'next')).toBe(0);
    expect(nextMenuIndex(ENTRIES, 0, 'previous')).toBe(5);
    expect(nextMenuIndex(ENTRIES, 0, 'last')).toBe(5);
    expect(nextMenuIndex(ENTRIES, -1, 'previous')).toBe(5);
  });

  it('stays put when nothing can take focus', () => {
    expect(nextMenuIndex([item('a', 'no'), 'separator'], -1, 'first')).toBe(-1);
  });
});

describe('menu placement', () => {
  const viewport = { width: 1000, height: 800 };
  const size = { width: 200, height: 300 };
  it('opens at the point when it fits', () => {
    expect(placeMenu({ x: 100, y: 100 }, size, viewport)).toEqual({ left: 100, top: 100 });
  });
  it('flips left and up near the right and bottom edges, never off screen', () => {
    expect(placeMenu({ x: 900, y: 700 }, size, viewport)).toEqual({ left: 700, top: 400 });
    expect(placeMenu({ x: 150, y: 200 }, { width: 200, height: 700 }, viewport)).toEqual({ left: 150, top: 4 });
  });
});
