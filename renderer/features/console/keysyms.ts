// X11 keysyms for the keys the toolbar sends and for typing pasted text (VNC key events carry keysyms).

/** Keysyms of the keys the toolbar names. */
export const KEYSYM = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Print: 0xff61,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  /** F1; F2…F12 follow. */
  F1: 0xffbe,
} as const;

/** A key combination the toolbar can send. */
export interface KeyCombo {
  readonly id: string;
  readonly label: string;
  /** Keysyms pressed in order and released in reverse. */
  readonly keys: readonly number[];
}

/** The combinations of the "Send key" menu: what a window manager or the host would otherwise swallow. */
export const KEY_COMBOS: readonly KeyCombo[] = [
  { id: 'ctrl-alt-del', label: 'Ctrl+Alt+Del', keys: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.Delete] },
  { id: 'ctrl-alt-backspace', label: 'Ctrl+Alt+Backspace', keys: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.BackSpace] },
  ...Array.from({ length: 12 }, (_, i): KeyCombo => ({ id: `ctrl-alt-f${i + 1}`, label: `Ctrl+Alt+F${i + 1}`, keys: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.F1 + i] })),
  { id: 'print', label: 'PrintScreen', keys: [KEYSYM.Print] },
];

/**
 * The keysym that types one character: Latin-1 characters are their own keysym, control characters have function
 * keysyms, anything else is the Unicode keysym (0x01000000 + code point).
 */
export function keysymOf(char: string): number | null {
  const code = char.codePointAt(0);
  if (code === undefined) return null;
  if (char === '\n' || char === '\r') return KEYSYM.Return;
  if (char === '\t') return KEYSYM.Tab;
  if (char === '\b') return KEYSYM.BackSpace;
  if (char === '\x1b') return KEYSYM.Escape;
  if (code < 0x20 || code === 0x7f) return null;
  if (code <= 0xff) return code;
  return 0x01000000 + code;
}

/** Characters typed with Shift on a US layout: QEMU turns a keysym into its key's scan code, not into Shift + key. */
const SHIFTED = /^[A-Z~!@#$%^&*()_+{}|:"<>?]$/;

/** One key to type: its keysym, and whether Shift is held around it. */
export interface TypedKey {
  readonly keysym: number;
  readonly shift: boolean;
}

/**
 * The keys that type `text` ("\r\n" is one Return), as on a US keyboard: Shift held for capitals and shifted
 * symbols (the guest sees key presses, and maps them with its own layout). Characters that cannot be typed are skipped.
 */
export function keysOfText(text: string): TypedKey[] {
  const out: TypedKey[] = [];
  for (const char of text.replace(/\r\n/g, '\n')) {
    const keysym = keysymOf(char);
    if (keysym !== null) out.push({ keysym, shift: SHIFTED.test(char) });
  }
  return out;
}
