/** One shortcut as the help overlay lists it. */
export interface Shortcut {
  /** Key names as written on the keys; `Ctrl+` becomes `⌘` on macOS. Alternatives are separate entries. */
  readonly keys: readonly string[];
  readonly does: string;
}

/** A group of shortcuts that work in one place. */
export interface ShortcutGroup {
  readonly where: string;
  readonly shortcuts: readonly Shortcut[];
}

/** Every keyboard shortcut of the app, as the `?` overlay shows them (kept beside the code that handles them). */
export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    where: 'Instances',
    shortcuts: [
      { keys: ['/', 'Ctrl+F'], does: 'Search by name, UUID or address' },
      { keys: ['↓', 'Enter'], does: 'From the search box: on to the list' },
      { keys: ['↑', '↓'], does: 'Move up or down (open details follow)' },
      { keys: ['Page Up', 'Page Down'], does: 'Move a page' },
      { keys: ['Home', 'End'], does: 'Go to the first or last instance' },
      { keys: ['Shift+↑', 'Shift+↓'], does: 'Extend the selection' },
      { keys: ['Ctrl+↑', 'Ctrl+↓'], does: 'Move without changing the selection' },
      { keys: ['Space'], does: 'Select or unselect the instance under the cursor' },
      { keys: ['Ctrl+A'], does: 'Select every instance shown' },
      { keys: ['Enter'], does: 'Open its details' },
      { keys: ['Delete'], does: 'Delete the selected instances (asks first)' },
      { keys: ['N'], does: 'Create an instance (the wizard: Enter goes on, Escape cancels)' },
      { keys: ['Shift+F10', 'Menu'], does: 'Open the row menu' },
      { keys: ['Escape'], does: 'Close the menu, then the details, then clear the selection' },
    ],
  },
  {
    where: 'Instances, with the mouse',
    shortcuts: [
      { keys: ['Click'], does: 'Select an instance and show its details' },
      { keys: ['Ctrl+Click'], does: 'Add to or take from the selection' },
      { keys: ['Shift+Click'], does: 'Select the range from the last click' },
      { keys: ['Double-click'], does: 'Open its console' },
      { keys: ['Right-click'], does: 'Open the row menu' },
    ],
  },
  {
    where: 'Everywhere',
    shortcuts: [
      { keys: ['?'], does: 'Show this list' },
      { keys: ['Tab', 'Shift+Tab'], does: 'Move between the search box, the filters, the list and the details' },
    ],
  },
];
