// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isEditableTarget, isMacPlatform, primaryModifier, shortcutLabel } from '../../../../../renderer/shared/keyboard/keys';

describe('keyboard helpers', () => {
  it('knows macOS from the platform or the user agent', () => {
    expect(isMacPlatform({ platform: 'MacIntel', userAgent: '' })).toBe(true);
    expect(isMacPlatform({ platform: '', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)' })).toBe(true);
    expect(isMacPlatform({ platform: 'Linux x86_64', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })).toBe(false);
    expect(isMacPlatform(undefined)).toBe(false);
  });

  it('uses ⌘ on macOS and Ctrl elsewhere', () => {
    expect(primaryModifier({ ctrlKey: true, metaKey: false }, false)).toBe(true);
    expect(primaryModifier({ ctrlKey: true, metaKey: false }, true)).toBe(false);
    expect(primaryModifier({ ctrlKey: false, metaKey: true }, true)).toBe(true);
    expect(shortcutLabel('Ctrl+F', true)).toBe('⌘F');
    expect(shortcutLabel('Shift+F10', true)).toBe('⇧F10');
    expect(shortcutLabel('Ctrl+F', false)).toBe('Ctrl+F');
  });

  it('treats text fields, selects and editable content as typing, buttons and checkboxes not', () => {
    const make = (html: string) => {
      document.body.innerHTML = html;
      return document.body.firstElementChild;
    };
    expect(isEditableTarget(make('<input type="search">'))).toBe(true);
    expect(isEditableTarget(make('<input>'))).toBe(true);
    expect(isEditableTarget(make('<textarea></textarea>'))).toBe(true);
    expect(isEditableTarget(make('<select></select>'))).toBe(true);
    expect(isEditableTarget(make('<input type="checkbox">'))).toBe(false);
    expect(isEditableTarget(make('<button>x</button>'))).toBe(false);
    expect(isEditableTarget(make('<div role="grid" tabindex="0"></div>'))).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});
