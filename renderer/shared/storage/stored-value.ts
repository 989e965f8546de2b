/**
 * A JSON value kept in Web Storage under one key, read once and written lazily. Writes are coalesced (`delayMs`) and
 * flushed when the page is hidden or unloaded, so a reload keeps the latest value without a storage write per
 * keystroke. What is read back is checked by `parse`; anything else (an older shape, a hand-edited value, storage that
 * throws in a locked-down browser) is ignored, and the caller's default applies.
 */
export interface StoredValue<T> {
  /** The stored value, or null when there is none or it is not valid. */
  read(): T | null;
  /** Remember `value`; written within `delayMs`, or at once on `flush()`/page hide. */
  write(value: T): void;
  /** Write what is pending now. */
  flush(): void;
  /** Forget the stored value. */
  clear(): void;
}

/** Where and how a value is stored. */
export interface StoredValueOptions<T> {
  readonly key: string;
  /** Null when the storage cannot be used (no window, access denied). */
  readonly storage: Storage | null;
  /** Turn what was read (already JSON-parsed) into a value, or null when it is not one. */
  readonly parse: (raw: unknown) => T | null;
  /** How long writes are coalesced; 0 writes at once. */
  readonly delayMs?: number;
  /** Where page-hide flushing is registered; default `window` when there is one. */
  readonly events?: Pick<Window, 'addEventListener'> | null;
}

/** Keep a value in Web Storage (see {@link StoredValue}). */
export function storedValue<T>(options: StoredValueOptions<T>): StoredValue<T> {
  const { key, storage, parse } = options;
  const delayMs = options.delayMs ?? 250;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending === null || storage === null) return;
    const { value } = pending;
    pending = null;
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch {
      // Full or refused: the view is a convenience, losing it on reload is acceptable.
    }
  };

  const events = options.events === undefined ? (typeof window === 'undefined' ? null : window) : options.events;
  events?.addEventListener('pagehide', flush);
  events?.addEventListener('beforeunload', flush);

  return {
    read() {
      if (storage === null) return null;
      try {
        const text = storage.getItem(key);
        return text === null ? null : parse(JSON.parse(text));
      } catch {
        return null;
      }
    },
    write(value) {
      pending = { value };
      if (delayMs === 0) flush();
      else if (timer === undefined) timer = setTimeout(flush, delayMs);
    },
    flush,
    clear() {
      pending = null;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      try {
        storage?.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}

/** `window.sessionStorage` or `window.localStorage`, or null where it cannot be used (no window, access denied). */
export function webStorage(kind: 'session' | 'local'): Storage | null {
  try {
    if (typeof window === 'undefined') return null;
    return kind === 'session' ? window.sessionStorage : window.localStorage;
  } catch {
    return null;
  }
}
