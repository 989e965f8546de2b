import type { Element } from '@xmldom/xmldom';
import type { XmlDocument } from './document';
import type { ElementName } from './dom';
import { ensurePath, findPath } from './path';

/**
 * Where a model object lives: an element that may not exist yet. Reading resolves it (null when missing);
 * writing creates it and whatever leads to it. That is how `domain.os.machine = 'pc'` works on a domain
 * without `<os>`, and how reading an absent part never changes the document.
 */
export class XmlScope {
  private constructor(
    /** The document the object belongs to. */
    readonly document: XmlDocument,
    private readonly resolve: () => Element | null,
    private readonly make: () => Element,
    private readonly stop: () => Element | null,
  ) {}

  /** The scope of a fixed element (a root, or one item of a list). */
  static of(document: XmlDocument, el: Element): XmlScope {
    return new XmlScope(document, () => el, () => el, () => el);
  }

  /** A scope `steps` below this one, resolved each time it is used. */
  below(steps: readonly ElementName[]): XmlScope {
    if (steps.length === 0) return this;
    return new XmlScope(
      this.document,
      () => findPath(this.resolve(), steps),
      () => ensurePath(this.make(), steps),
      this.stop,
    );
  }

  /** The element, or null when it does not exist (yet). */
  find(): Element | null {
    return this.resolve();
  }

  /**
   * The element that clearing a field never removes: the fixed element this scope hangs from (a root or a list
   * item). Elements between it and the field (`<os>` for `os.machine`) go once a clear leaves them empty.
   */
  boundary(): Element | null {
    return this.stop();
  }

  /** The element, created (with every missing ancestor) if needed. */
  ensure(): Element {
    return this.make();
  }
}
