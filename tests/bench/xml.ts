import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { summarizeCapabilities } from '../../main/hosts/host-facts';
import { CapabilitiesXml, DEFAULT_XML_LIMITS, DomainXml, XmlError, parseXml } from '../../main/xml';
import { formatMs, formatRatio, median, printGoal, printTable, timeRuns, type Benchmark } from './table';

/**
 * `npm run bench -- xml [--reps N]`
 *
 * (1) Real documents (the golden libvirt samples): our safe parse (pre-scan, xmldom, character check) and
 *     parse + print, against xmldom's own parse of the same text (the peer: what the limits and checks cost).
 *     Also reading a domain through the model (every field of every device).
 * (2) Hostile documents at the limits (the size limit, or the largest shape that still passes): time to parse
 *     or refuse, wall clock and CPU (the machine is shared; CPU time is what the main thread would lose).
 *     Goal: every one ≤ 250 ms of CPU (bounded, whatever the input).
 * (3) The capabilities summary of a hostile 22 KB document: ours against the regex scan it replaced (peer, kept
 *     below), which backtracks cubically. Goal: ours ≤ 10 ms.
 */

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '..', 'unit', 'xml', 'golden');
const HOSTILE_GOAL_MS = 250;
const SUMMARY_GOAL_MS = 10;

/** The regex summary `main/hosts/host-facts.ts` used before the XML layer: the peer of (3). */
function regexSummary(xml: string): unknown {
  const hostArch = /<host>[\s\S]*?<cpu>[\s\S]*?<arch>([^<]+)<\/arch>/.exec(xml)?.[1]?.trim() ?? null;
  const domainTypes = new Set<string>();
  for (const match of xml.matchAll(/<domain\s+type=['"]([^'"]+)['"]/g)) if (match[1] !== undefined) domainTypes.add(match[1]);
  return { arch: hostArch, domainTypes: [...domainTypes] };
}

function xmldomParse(source: string): unknown {
  return new DOMParser({ locator: false, onError: (level, message) => { throw new Error(`${level}: ${message}`); } }).parseFromString(source, 'application/xml');
}

/** Parse or refuse; returns what happened. */
function outcome(source: string): string {
  try {
    parseXml(source);
    return 'parsed';
  } catch (error) {
    if (error instanceof XmlError) return `refused: ${error.reason}`;
    throw error;
  }
}

function readDomain(source: string): void {
  const d = DomainXml.parse(source);
  d.values();
  d.os.values();
  for (const list of [d.disks, d.interfaces, d.serials, d.consoles, d.channels, d.videos]) list.all().forEach((i) => i.values());
  d.graphics.all().forEach((g) => g.listens.all().forEach((l) => l.values()));
  d.instance.values();
  d.instance.flavor.values();
}

const sync = (fn: () => unknown) => async () => void fn();

async function realDocuments(reps: number): Promise<void> {
  const rows: string[][] = [];
  for (const name of ['qemu-capabilities.xml', 'qemu-domcapabilities.xml', 'qemu-domain-rich.xml', 'qemu-domain-running.xml', 'test-capabilities.xml']) {
    const source = readFileSync(join(GOLDEN, name), 'utf8');
    const peer = median(await timeRuns(sync(() => xmldomParse(source)), reps, 20));
    const ours = median(await timeRuns(sync(() => parseXml(source)), reps, 20));
    const roundTrip = median(await timeRuns(sync(() => parseXml(source).serialize()), reps, 20));
    const model = name.includes('domain-') ? formatMs(median(await timeRuns(sync(() => readDomain(source)), reps, 20))) : name.endsWith('-capabilities.xml') ? formatMs(median(await timeRuns(sync(() => summarizeCapabilities(source)), reps, 20))) : '';
    rows.push([name, `${(source.length / 1024).toFixed(1)} KiB`, formatMs(peer), formatMs(ours), formatRatio(ours, peer), formatMs(roundTrip), model]);
  }
  process.stdout.write('\n(1) real documents (median)\n');
  printTable(['document', 'size', 'xmldom parse (peer)', 'parseXml', 'ours/peer', 'parse+print', 'model read / summary'], rows);
}

async function hostileDocuments(): Promise<boolean> {
  const max = DEFAULT_XML_LIMITS.maxLength;
  const fill = (unit: string, wrap: (inner: string) => string) => wrap(unit.repeat(Math.floor((max - wrap('').length) / unit.length)));
  const shapes: [string, string][] = [
    ['deep nesting (the limit of <a>)', fill('<a>', (s) => s)],
    ['nesting at the limit (64), long text', `${'<a>'.repeat(64)}${'x'.repeat(max - 64 * 7)}${'</a>'.repeat(64)}`],
    ['flat elements (the limit of <b/>)', fill('<b/>', (s) => `<a>${s}</a>`)],
    ['elements at the node limit', `<a>${'<b/>'.repeat(DEFAULT_XML_LIMITS.maxNodes - 1)}</a>`],
    ['attributes at the limit on every element', fill(`<b ${Array.from({ length: 64 }, (_, i) => `a${i}='${i}'`).join(' ')}/>`, (s) => `<a>${s}</a>`).slice(0, max)],
    ['one element, the limit of attributes', fill(" a='1'", (s) => `<a${s}/>`)],
    ['the limit of &amp;', fill('&amp;', (s) => `<a>${s}</a>`)],
    ['comments up to the node limit', `<a>${'<!---->'.repeat(Math.min(Math.floor((max - 7) / 7), DEFAULT_XML_LIMITS.maxNodes - 2))}</a>`],
    ['the limit of <', fill('<', (s) => `<a>${s}</a>`)],
    ['billion laughs', `<!DOCTYPE l [<!ENTITY l "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><l>&l9;</l>`],
    ['unterminated attribute, the limit', fill('x', (s) => `<a b="${s}`)],
    ['cubic-regex capabilities, the limit', fill('<host></host><cpu></cpu>', (s) => `<capabilities>${s}</capabilities>`)],
  ];
  const rows: string[][] = [];
  let worst = 0;
  for (const [label, source] of shapes) {
    let wall = 0;
    let cpu = 0;
    for (let rep = 0; rep < 3; rep++) {
      const before = process.cpuUsage();
      const start = process.hrtime.bigint();
      outcome(source);
      wall = Math.max(wall, Number(process.hrtime.bigint() - start) / 1e6);
      const used = process.cpuUsage(before);
      cpu = Math.max(cpu, (used.user + used.system) / 1000);
    }
    worst = Math.max(worst, cpu);
    rows.push([label, `${(source.length / 1024).toFixed(0)} KiB`, outcome(source), formatMs(wall), formatMs(cpu)]);
  }
  process.stdout.write('\n(2) hostile documents (slowest of 3)\n');
  printTable(['shape', 'size', 'outcome', 'wall', 'CPU'], rows);
  return printGoal(`every hostile document parsed or refused in ≤ ${HOSTILE_GOAL_MS} ms of CPU`, worst <= HOSTILE_GOAL_MS, formatMs(worst));
}

async function hostileSummary(): Promise<boolean> {
  const rows: string[][] = [];
  let ours22 = 0;
  for (const n of [500, 1000, 2000]) {
    const doc = `<capabilities>${'<host>'.repeat(n)}${'<cpu>'.repeat(n)}</capabilities>`;
    const safe = (): void => {
      try {
        summarizeCapabilities(doc);
      } catch (error) {
        if (!(error instanceof XmlError)) throw error;
      }
    };
    const ours = median(await timeRuns(sync(safe), 5, 2));
    const peer = median(await timeRuns(sync(() => regexSummary(doc)), 1, 0));
    if (n === 2000) ours22 = ours;
    rows.push([`${(doc.length / 1024).toFixed(1)} KiB`, formatMs(peer), formatMs(ours), formatRatio(peer, ours)]);
  }
  process.stdout.write('\n(3) capabilities summary of <host>×n <cpu>×n\n');
  printTable(['size', 'regex (old, peer)', 'XML layer', 'peer/ours'], rows);
  const caps = CapabilitiesXml.parse(readFileSync(join(GOLDEN, 'qemu-capabilities.xml'), 'utf8'));
  if (caps.host.arch === null) throw new Error('golden capabilities without an arch');
  return printGoal(`hostile 22 KB capabilities summarized in ≤ ${SUMMARY_GOAL_MS} ms`, ours22 <= SUMMARY_GOAL_MS, formatMs(ours22));
}

export const benchmark: Benchmark = {
  description: 'XML layer: parse cost on real libvirt documents vs raw xmldom; hostile documents at the limits; the old capabilities regex',
  async run(args) {
    const i = args.indexOf('--reps');
    const reps = i >= 0 ? Number(args[i + 1]) : 200;
    await realDocuments(reps);
    const bounded = await hostileDocuments();
    const summary = await hostileSummary();
    process.stdout.write(`\n${bounded && summary ? 'all goals met' : 'goals missed'}\n`);
  },
};
