import { describe, expect, it } from 'vitest';
import { KEY_COMBOS, KEYSYM, keysOfText, keysymOf } from '../../../../../renderer/features/console/keysyms';

describe('keysyms', () => {
  it('types text as a US keyboard would: Shift for capitals and shifted symbols, Return for new lines', () => {
    expect(keysOfText('aZ$\n')).toEqual([
      { keysym: 0x61, shift: false },
      { keysym: 0x5a, shift: true },
      { keysym: 0x24, shift: true },
      { keysym: KEYSYM.Return, shift: false },
    ]);
    expect(keysOfText('a\r\nb').map((k) => k.keysym)).toEqual([0x61, KEYSYM.Return, 0x62]);
  });

  it('maps Latin-1 to itself, other characters to Unicode keysyms, and skips what cannot be typed', () => {
    expect(keysymOf('é')).toBe(0xe9);
    expect(keysymOf('€')).toBe(0x01000000 + 0x20ac);
    expect(keysymOf('\x07')).toBeNull();
    expect(keysOfText('\x00x')).toEqual([{ keysym: 0x78, shift: false }]);
  });

  it('offers the combinations a host would swallow', () => {
    expect(KEY_COMBOS.map((c) => c.label)).toEqual(['Ctrl+Alt+Del', 'Ctrl+Alt+Backspace', ...Array.from({ length: 12 }, (_, i) => `Ctrl+Alt+F${i + 1}`), 'PrintScreen']);
    expect(KEY_COMBOS.find((c) => c.id === 'ctrl-alt-f12')?.keys).toEqual([KEYSYM.Control_L, KEYSYM.Alt_L, 0xffc9]);
  });
});
