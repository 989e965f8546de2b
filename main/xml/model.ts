import { createChild, isElement, removeNode } from './dom';
import { XmlError } from './errors';
import type { XmlField } from './fields';
import { ensurePath, findAllPath, pruneUpTo, xmlPath } from './path';
import { XmlScope } from './scope';

/**
 * The model layer (virt-manager's `XMLBuilder`): objects over the DOM whose declared fields read and write
 * through paths. Nothing is copied out of the document, so whatever no field names (unknown elements,
 * attributes, other namespaces' metadata, comments) stays exactly where it was.
 */

/** A model object: a scope in a document, plus helpers to reach child objects. */
export abstract class XmlObject {
  constructor(readonly scope: XmlScope) {}

  /** Whether this object's element exists in the document. */
  get exists(): boolean {
    return this.scope.find() !== null;
  }

  /** This object as XML: the whole document for a root object, else this element (empty string when absent). */
  toXml(): string {
    const el = this.scope.find();
    if (el === null) return '';
    const doc = this.scope.document;
    return el === doc.root ? doc.serialize() : doc.serializeElement(el);
  }

  /** Remove this object's element from the document, and any parent that leaves empty. */
  remove(): void {
    const el = this.scope.find();
    const root = this.scope.document.root;
    if (el === null || el === root) return;
    const parent = el.parentNode;
    removeNode(el);
    if (isElement(parent)) pruneUpTo(parent, root);
  }

  /** The single child object at `path` (it need not exist; writing to it creates it). */
  protected child<T extends XmlObject>(path: string, Model: new (scope: XmlScope) => T): T {
    return new Model(this.scope.below(xmlPath(path).steps));
  }

  /** The repeated child objects at `path` (`devices/disk`). */
  protected children<T extends XmlObject>(path: string, Model: new (scope: XmlScope) => T): XmlChildren<T> {
    return new XmlChildren(this.scope, path, Model);
  }
}

/** A list of child objects: read, add, remove. Always read live from the document. */
export class XmlChildren<T extends XmlObject> implements Iterable<T> {
  private readonly path;

  constructor(
    private readonly parent: XmlScope,
    path: string,
    private readonly Model: new (scope: XmlScope) => T,
  ) {
    this.path = xmlPath(path);
    if (this.path.attribute !== null || this.path.steps.length === 0) throw new Error(`child list path ${path} must name an element`);
  }

  /** Every item, in document order. */
  all(): T[] {
    return findAllPath(this.parent.find(), this.path.steps).map((el) => new this.Model(XmlScope.of(this.parent.document, el)));
  }

  /** How many items there are. */
  get length(): number {
    return findAllPath(this.parent.find(), this.path.steps).length;
  }

  /** The item at `index`, or undefined. */
  at(index: number): T | undefined {
    return this.all().at(index);
  }

  /** Items for which `predicate` holds. */
  filter(predicate: (item: T) => boolean): T[] {
    return this.all().filter(predicate);
  }

  /** The first item for which `predicate` holds, or undefined. */
  find(predicate: (item: T) => boolean): T | undefined {
    return this.all().find(predicate);
  }

  /** Add a new, empty item after the existing ones (creating its parents if needed); set its fields next. */
  add(): T {
    const steps = this.path.steps;
    const parent = ensurePath(this.parent.ensure(), steps.slice(0, -1));
    const el = createChild(parent, steps[steps.length - 1] as (typeof steps)[number]);
    return new this.Model(XmlScope.of(this.parent.document, el));
  }

  /** Remove every item. */
  clear(): void {
    for (const el of findAllPath(this.parent.find(), this.path.steps)) removeNode(el);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.all()[Symbol.iterator]();
  }
}

/** The plain values of a field record. */
export type FieldValues<F> = { -readonly [K in keyof F]: F[K] extends XmlField<infer T> ? T : never };

/** A record of declared fields. */
export type FieldRecord = Readonly<Record<string, XmlField<unknown>>>;

/** What `xmlModel` returns: an abstract base class with one accessor per field. */
export type XmlModelClass<F extends FieldRecord> = (abstract new (scope: XmlScope) => XmlObject & FieldValues<F> & { values(): FieldValues<F> }) & {
  readonly fields: F;
};

/**
 * A base class with one property per declared field, for a model to extend:
 * `class DomainDisk extends xmlModel({ device: text('@device'), … }) {}`. Getting a property reads the
 * document; setting it writes (null removes). `values()` reads them all at once.
 */
export function xmlModel<F extends FieldRecord>(fields: F): XmlModelClass<F> {
  abstract class Model extends XmlObject {
    static readonly fields = fields;

    values(): FieldValues<F> {
      const anchor = this.scope.find();
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(fields)) out[key] = field.read(anchor);
      return out as FieldValues<F>;
    }
  }
  for (const [key, field] of Object.entries(fields)) {
    if (key in XmlObject.prototype || key === 'values') throw new Error(`field name ${key} hides a model method`);
    Object.defineProperty(Model.prototype, key, {
      get(this: XmlObject) {
        return field.read(this.scope.find());
      },
      set(this: XmlObject, value: unknown) {
        field.write(this.scope, value);
      },
      enumerable: true,
      configurable: true,
    });
  }
  return Model as unknown as XmlModelClass<F>;
}

/** Throw unless `value` is one of `allowed` (for builder options with a closed set of values). */
export function oneOf<T extends string>(value: T, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value)) throw new XmlError('invalid-value', `${what} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}
