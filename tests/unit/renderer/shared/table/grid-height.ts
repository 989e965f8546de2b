// happy-dom has no layout: the virtual list's scroll element (`.vtable`) is given a height, so it knows how many rows
// fit. Every other element keeps a height of 0, as happy-dom has it.
import { afterAll, beforeAll } from 'vitest';

/** Give `.vtable` elements a `clientHeight` of `height` for the tests of this file. */
export function useGridHeight(height: number): void {
  let restore: () => void = () => undefined;
  beforeAll(() => {
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('vtable') ? height : 0;
      },
    });
    restore = () => {
      if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
    };
  });
  afterAll(() => restore());
}
