// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storedValue, webStorage } from '../../../../../renderer/shared/storage/stored-value';

const parseNumbers = (raw: unknown): number[] | null => (Array.isArray(raw) && raw.every((n) => typeof n === 'number') ? raw : null);

describe('stored values', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sessionStorage.clear();
  });
  afterEach(() => vi.useRealTimers());

  it('coalesces writes and writes the latest value once the delay has passed', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const value = storedValue({ key: 'k', storage: sessionStorage, parse: parseNumbers, delayMs: 200, events: null });
    value.write([1]);
    value.write([1, 2]);
    value.write([1, 2, 3]);
    expect(sessionStorage.getItem('k')).toBeNull();
    vi.advanceTimersByTime(200);
    expect(sessionStorage.getItem('k')).toBe('[1,2,3]');
    expect(setItem).toHaveBeenCalledTimes(1);
    expect(value.read()).toEqual([1, 2, 3]);
    setItem.mockRestore();
  });

  it('writes what is pending when the page is hidden (a reload)', () => {
    const value = storedValue({ key: 'k', storage: sessionStorage, parse: parseNumbers, delayMs: 10_000 });
    value.write([7]);
    window.dispatchEvent(new Event('pagehide'));
    expect(sessionStorage.getItem('k')).toBe('[7]');
  });

  it('ignores what it cannot read back: bad JSON, another shape', () => {
    const value = storedValue({ key: 'k', storage: sessionStorage, parse: parseNumbers, events: null });
    sessionStorage.setItem('k', '{not json');
    expect(value.read()).toBeNull();
    sessionStorage.setItem('k', '{"a":1}');
    expect(value.read()).toBeNull();
  });

  it('keeps working when storage refuses (full, or blocked)', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;
    const value = storedValue({ key: 'k', storage: refusing, parse: parseNumbers, delayMs: 0, events: null });
    expect(() => value.write([1])).not.toThrow();
    expect(value.read()).toBeNull();
    expect(() => value.clear()).not.toThrow();
    const none = storedValue({ key: 'k', storage: null, parse: parseNumbers, events: null });
    none.write([1]);
    none.flush();
    expect(none.read()).toBeNull();
  });

  it('clear forgets the stored value and drops a pending write', () => {
    const value = storedValue({ key: 'k', storage: sessionStorage, parse: parseNumbers, delayMs: 100, events: null });
    value.write([1]);
    value.flush();
    value.write([2]);
    value.clear();
    vi.advanceTimersByTime(100);
    expect(sessionStorage.getItem('k')).toBeNull();
  });

  it('finds the window’s storages', () => {
    expect(webStorage('session')).toBe(window.sessionStorage);
    expect(webStorage('local')).toBe(window.localStorage);
  });
});
