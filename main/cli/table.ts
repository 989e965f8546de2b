// Tables as python-novaclient prints them (prettytable, left-aligned): `+---+` rules above and below the header and
// at the end, `| a | b |` rows, one space of padding. Cells may hold several lines; each line of a row is printed
// on its own table line, as prettytable does. Control characters are shown escaped (`\x1b`): names come from
// remote hosts and must not drive the terminal.
import { escapeControlCharacters } from '../text/control-chars';

/** A value a table cell can show. */
export type Cell = string | number | boolean | null | undefined;

/** Render a table with a header row. An empty table still prints its header, as novaclient does. */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const grid = [headers.map(cellLines), ...rows.map((row) => headers.map((_, i) => cellLines(row[i])))];
  const widths = headers.map((_, column) => Math.max(...grid.map((row) => Math.max(...(row[column] ?? ['']).map(displayWidth)))));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const render = (row: readonly (readonly string[])[]): string[] => {
    const height = Math.max(...row.map((lines) => lines.length));
    const out: string[] = [];
    for (let line = 0; line < height; line++) {
      out.push(`|${row.map((lines, column) => ` ${pad(lines[line] ?? '', widths[column] ?? 0)} `).join('|')}|`);
    }
    return out;
  };
  const [head, ...body] = grid;
  return [rule, ...render(head ?? []), rule, ...body.flatMap(render), rule].join('\n') + '\n';
}

/** Render `nova show`-style Property/Value rows, sorted by property name as novaclient's print_dict does. */
export function formatProperties(properties: Readonly<Record<string, Cell>>, headers: readonly [string, string] = ['Property', 'Value']): string {
  const rows = Object.keys(properties)
    .sort()
    .map((key) => [key, properties[key]]);
  return formatTable(headers, rows);
}

/** How a cell value reads: booleans as True/False (as Python prints them), null/undefined as empty. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function cellLines(value: Cell): string[] {
  // A tab would break the borders: a space. Every other control character but the line break is escaped, before
  // the widths are measured, so the borders line up with what is printed.
  return escapeControlCharacters(cellText(value).replace(/\r\n/g, '\n').replace(/\t/g, ' '), { keep: '\n' }).split('\n');
}

/** Width in terminal columns; code points, not UTF-16 units, so accented names line up. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /\p{Mn}/u.test(ch) ? 0 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
