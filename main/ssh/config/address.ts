/**
 * Numeric host addresses as ssh.c treats them: never lowercased, and rewritten to the form
 * getnameinfo(NI_NUMERICHOST) prints (`127.1` → `127.0.0.1`, `FE80:0::1` → `fe80::1`), which is also the
 * name their keys are recorded under in known_hosts.
 */

/** ssh.c `is_addr_fast`: contains `%` or `:`, or only digits and dots. */
function looksLikeAddress(name: string): boolean {
  return name.includes('%') || name.includes(':') || /^[0-9.]*$/.test(name);
}

/** inet_aton (exact): 1–4 dot-separated parts, each decimal, `0`-octal or `0x`-hex, the last filling the rest. */
function parseIpv4(name: string): number[] | null {
  const parts = name.split('.');
  if (parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9][0-9]*$/.test(part)) value = Number(part);
    else return null;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return null;
  const bytes = [...values];
  for (let i = 4 - values.length - 1; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
  return bytes;
}

/** Parses an IPv6 address (no scope) into eight 16-bit words. */
function parseIpv6(name: string): number[] | null {
  const halves = name.split('::');
  if (halves.length > 2) return null;
  const words = (text: string): number[] | null => {
    if (text === '') return [];
    const out: number[] = [];
    const groups = text.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(g) ? g.split('.').map(Number) : null;
        if (v4 === null || v4.some((b) => b > 255)) return null;
        out.push(v4[0]! * 256 + v4[1]!, v4[2]! * 256 + v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
        out.push(parseInt(g, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  if (head === null || tail === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  return fill < 1 ? null : [...head, ...new Array<number>(fill).fill(0), ...tail];
}

/** glibc inet_ntop: lowercase hex, the first longest run (≥ 2) of zero words as `::`, v4-mapped/compatible dotted. */
function formatIpv6(w: readonly number[]): string {
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > best.len) best = { start: i, len: j - i };
    i = j;
  }
  if (best.len < 2) best = { start: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.start >= 0 && i >= best.start && i < best.start + best.len) {
      if (i === best.start) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    const embedded = i === 6 && best.start === 0 && (best.len === 6 || (best.len === 7 && w[7] !== 1) || (best.len === 5 && w[5] === 0xffff));
    if (embedded) return `${out}${w[6]! >> 8}.${w[6]! & 255}.${w[7]! >> 8}.${w[7]! & 255}`;
    out += w[i]!.toString(16);
  }
  if (best.start >= 0 && best.start + best.len === 8) out += ':';
  return out;
}

/** The address as getnameinfo prints it, or null when `name` is not a numeric address we can rewrite. */
function canonicalAddress(name: string): string | null {
  const v4 = parseIpv4(name);
  if (v4 !== null) return v4.join('.');
  if (name.includes('%') || !name.includes(':')) return null;
  const v6 = parseIpv6(name);
  return v6 === null ? null : formatIpv6(v6);
}

/**
 * The host name ssh dials after HostName: numeric addresses in canonical form, anything that looks
 * like an address kept as is, every other name lowercased.
 */
export function finalHostName(name: string): string {
  const canonical = canonicalAddress(name);
  // ssh.c replaces the name only when the canonical form differs other than in case.
  if (canonical !== null) return canonical.toLowerCase() === name.toLowerCase() ? name : canonical;
  return looksLikeAddress(name) ? name : name.toLowerCase();
}

/** Whether `name` is a numeric address (then no DNS canonicalization applies). */
export function isAddress(name: string): boolean {
  return canonicalAddress(name) !== null || looksLikeAddress(name);
}
