import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapabilitiesXml, DomainXml, NetworkXml, SnapshotXml, VolumeXml, XmlError, buildDomainXml, parseXml, type DomainSpec } from '../../../main/xml';
import { golden, goldenNames } from './golden';

/**
 * Fuzzing the parser and the models: whatever the input, the only failure is an `XmlError`, and whatever is
 * accepted prints and re-parses to the same text. Runs are seeded so a failure reproduces.
 */

const SEED = 20261207;

/** Parse, and when that succeeds, check the output is stable under a second round. Throws anything but XmlError. */
function parseOrRefuse(source: string): 'ok' | 'refused' {
  try {
    const printed = parseXml(source).serialize();
    expect(parseXml(printed).serialize()).toBe(printed);
    return 'ok';
  } catch (error) {
    if (error instanceof XmlError) return 'refused';
    throw error;
  }
}

/** Read every field of every model that accepts the document's root; only XmlError may escape. */
function readAllModels(source: string): void {
  const models: ((xml: string) => { values(): unknown } | CapabilitiesXml)[] = [DomainXml.parse, VolumeXml.parse, NetworkXml.parse, SnapshotXml.parse, CapabilitiesXml.parse];
  for (const parse of models) {
    try {
      const model = parse(source);
      if (model instanceof DomainXml) {
        model.values();
        model.os.values();
        model.features.names();
        for (const list of [model.disks, model.interfaces, model.serials, model.consoles, model.channels, model.videos]) list.all().forEach((i) => i.values());
        model.graphics.all().forEach((g) => g.listens.all().forEach((l) => l.values()));
        model.instance.values();
        model.instance.flavor.values();
      } else if (model instanceof CapabilitiesXml) {
        model.host.values();
        model.host.cells.all().forEach((c) => c.values());
        model.guests.all().forEach((g) => [g.values(), g.machines.all().map((m) => m.values())]);
      } else model.values();
    } catch (error) {
      if (!(error instanceof XmlError)) throw error;
    }
  }
}

const TOKENS = [
  '<a>', '</a>', '<b x="1">', '</b>', '<c/>', "<d y='2' z=\"3\"/>", '<!-- c -->', '<!--', '-->', '<![CDATA[', ']]>', '<?pi x?>', '<?xml version="1.0"?>',
  '&amp;', '&lt;', '&#65;', '&#x1F600;', '&#1;', '&bogus;', '&', '<', '>', '"', "'", '=', '/>', '/', ' ', '\n', '\t', 'text', 'é', '\u0000', '\uFFFE', '\uD800',
  '<!DOCTYPE a [<!ENTITY e "x">]>', '<!ENTITY', '<!doctype', '<a:b xmlns:a="urn:a">', '</a:b>', '<x:y>', 'xmlns="urn:d"',
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(''));

/** A golden document mutated: cut short, a slice removed, or junk inserted. */
const mutatedGolden = fc
  .tuple(fc.constantFrom(...goldenNames()), fc.nat(), fc.nat(), fc.constantFrom('cut', 'delete', 'insert'), tokenSoup)
  .map(([name, a, b, how, junk]) => {
    const source = golden(name);
    const i = a % (source.length + 1);
    const j = Math.min(source.length, i + (b % 200));
    if (how === 'cut') return source.slice(0, i);
    if (how === 'delete') return source.slice(0, i) + source.slice(j);
    return source.slice(0, i) + junk + source.slice(i);
  });

const binaryJunk = fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1'));

describe('fuzz: parser', () => {
  it('arbitrary strings: an XmlError or a stable document, nothing else', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => void parseOrRefuse(s)), { seed: SEED, numRuns: 600 });
    fc.assert(fc.property(binaryJunk, (s) => void parseOrRefuse(s)), { seed: SEED, numRuns: 300 });
  });

  it('XML-like token soup', () => {
    fc.assert(fc.property(tokenSoup, (s) => void parseOrRefuse(`<r>${s}</r>`)), { seed: SEED, numRuns: 1500 });
    fc.assert(fc.property(tokenSoup, (s) => void parseOrRefuse(s)), { seed: SEED + 1, numRuns: 1000 });
  });

  it('mutated golden documents, through the parser and every model', () => {
    fc.assert(
      fc.property(mutatedGolden, (s) => {
        parseOrRefuse(s);
        readAllModels(s);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('hostile shapes: deep nesting, many attributes, many nodes, long text, entity tricks', () => {
    const hostile = fc.oneof(
      fc.integer({ min: 1, max: 3000 }).map((n) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`),
      fc.integer({ min: 1, max: 3000 }).map((n) => '<a>'.repeat(n)),
      fc.integer({ min: 1, max: 500 }).map((n) => `<a ${Array.from({ length: n }, (_, i) => `a${i}="${i}"`).join(' ')}/>`),
      fc.constantFrom(100, 49_998, 49_999, 60_000).map((n) => `<a>${'<b/>'.repeat(n)}</a>`),
      fc.integer({ min: 1, max: 200_000 }).map((n) => `<a>${'x'.repeat(n)}</a>`),
      fc.integer({ min: 1, max: 20_000 }).map((n) => `<a>${'&amp;'.repeat(n)}</a>`),
      fc.integer({ min: 1, max: 20 }).map((n) => `<!DOCTYPE a [${Array.from({ length: n }, (_, i) => `<!ENTITY e${i} "${`&e${i - 1};`.repeat(10)}">`).join('')}]><a>&e${n - 1};</a>`),
      fc.integer({ min: 1, max: 5000 }).map((n) => `<a>${'<!---->'.repeat(n)}</a>`),
      fc.integer({ min: 1, max: 5000 }).map((n) => `<a x="${'<'.repeat(n)}"/>`),
      fc.integer({ min: 1, max: 5000 }).map((n) => `<a>${'<'.repeat(n)}</a>`),
      fc.integer({ min: 1, max: 5000 }).map((n) => `<capabilities>${'<host>'.repeat(n)}${'<cpu>'.repeat(n)}</capabilities>`),
    );
    fc.assert(
      fc.property(hostile, (s) => {
        parseOrRefuse(s);
        if (s.length < 10_000) readAllModels(s);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('fuzz: builders', () => {
  const base: DomainSpec = { name: 'f', uuid: '3b0f5bb8-8d6c-4c1e-9f55-1b2d7f3a9e02', type: 'qemu', vcpus: 1, memoryMiB: 64, arch: 'x86_64', disks: [], interfaces: [] };

  it('any string a user types either comes back unchanged or is refused with an XmlError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), fc.string({ maxLength: 80, unit: 'binary' }), (name, text) => {
        let xml: string;
        try {
          xml = buildDomainXml({ ...base, name, description: text, interfaces: [{ network: text }], metadata: { uuid: base.uuid, name: text, project: text, flavor: { name: text, vcpus: 1, ram: 64, disk: 1, ephemeral: 0, swap: 0 } } });
        } catch (error) {
          if (error instanceof XmlError) return;
          throw error;
        }
        const back = DomainXml.parse(xml);
        expect([back.name, back.description, back.interfaces.at(0)?.sourceNetwork, back.instance.name, back.instance.project, back.instance.flavor.name]).toEqual([name, text, text, text, text, text]);
        expect(back.toXml()).toBe(xml);
      }),
      { seed: SEED, numRuns: 800 },
    );
  });
});
