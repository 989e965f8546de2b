/** The parts of a keyboard event the key models read (a DOM KeyboardEvent or a React one fits). */
export interface KeyInput {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** Whether this runs on macOS, where ⌘ plays the part of Ctrl in shortcuts and multi-selection. */
export function isMacPlatform(nav: Pick<Navigator, 'platform' | 'userAgent'> | undefined = typeof navigator === 'undefined' ? undefined : navigator): boolean {
  if (nav === undefined) return false;
  return /Mac|iPhone|iPad/.test(nav.platform) || /Mac OS X/.test(nav.userAgent);
}

/** Ctrl, or ⌘ on macOS: the modifier of "toggle this row" and "select all". */
export function primaryModifier(event: Pick<KeyInput, 'ctrlKey' | 'metaKey'>, mac: boolean): boolean {
  return mac ? event.metaKey : event.ctrlKey;
}

/** Whether key presses on this element are typing (a text field, a select, editable content), not shortcuts. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (element as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'reset', 'submit', 'range', 'color', 'file'].includes(type);
}

/** A shortcut as the help overlay shows it: `Ctrl+F` (or `⌘F` on macOS). */
export function shortcutLabel(keys: string, mac: boolean): string {
  if (!mac) return keys;
  return keys.replace(/\bCtrl\+/g, '⌘').replace(/\bAlt\+/g, '⌥').replace(/\bShift\+/g, '⇧');
}
