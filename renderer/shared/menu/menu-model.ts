/** One entry of a menu. */
export interface MenuItem {
  readonly id: string;
  readonly label: string;
  /** The key that does the same from the list (shown on the right): `Enter`, `Delete`. */
  readonly shortcut?: string;
  /** Why it cannot be chosen now (shown as its tooltip); undefined when it can. */
  readonly disabledReason?: string;
  readonly danger?: boolean;
  readonly onSelect: () => void;
}

/** A menu's content: items and separators. */
export type MenuEntry = MenuItem | 'separator';

/**
 * The item focus moves to from `current` (-1: none yet) on a key, skipping separators and disabled items and wrapping
 * around, as WAI-ARIA's menu pattern has it; `current` itself when no item can take focus.
 */
export function nextMenuIndex(entries: readonly MenuEntry[], current: number, key: 'next' | 'previous' | 'first' | 'last'): number {
  const enabled = entries.flatMap((entry, index) => (entry !== 'separator' && entry.disabledReason === undefined ? [index] : []));
  if (enabled.length === 0) return current;
  const position = enabled.indexOf(current);
  switch (key) {
    case 'first':
      return enabled[0] as number;
    case 'last':
      return enabled.at(-1) as number;
    case 'next':
      return enabled[position < 0 ? 0 : (position + 1) % enabled.length] as number;
    case 'previous':
      return enabled[position < 0 ? enabled.length - 1 : (position - 1 + enabled.length) % enabled.length] as number;
  }
}

/** Where a menu of `size` goes so that it stays inside the viewport: at the point, flipped left/up when it would not fit. */
export function placeMenu(
  point: { readonly x: number; readonly y: number },
  size: { readonly width: number; readonly height: number },
  viewport: { readonly width: number; readonly height: number },
): { left: number; top: number } {
  const margin = 4;
  const left = point.x + size.width + margin > viewport.width ? Math.max(margin, point.x - size.width) : point.x;
  const top = point.y + size.height + margin > viewport.height ? Math.max(margin, point.y - size.height) : point.y;
  return { left, top };
}
