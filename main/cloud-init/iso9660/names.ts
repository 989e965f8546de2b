// File names in the three namespaces of the image: ISO 9660 level 1 (8.3, upper case, for every
// reader), Rock Ridge (the real name, for Linux) and Joliet (UCS-2, for Windows and as Linux's fallback).

/** Names this writer accepts: what NoCloud and config-drive seeds use, valid in all three namespaces unchanged. */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Joliet limits names to 64 UCS-2 characters. */
export const MAX_FILE_NAME_LENGTH = 64;

const D_CHARACTERS = /[^A-Z0-9_]/g;

/** Split "meta-data" / "user.cfg" into the part before the last dot and after it. */
function splitExtension(name: string): { base: string; extension: string } {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? { base: name, extension: '' } : { base: name.slice(0, dot), extension: name.slice(dot + 1) };
}

/** A name reduced to ISO 9660 d-characters, at most `length` of them. */
function dCharacters(text: string, length: number): string {
  return text.toUpperCase().replace(D_CHARACTERS, '_').slice(0, length);
}

/**
 * Level 1 names ("META_DAT.;1") for `names`, in the same order, unique among themselves: a clash
 * replaces the end of the 8-character base with a counter ("USER_DA1.;1").
 */
export function level1Names(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const { base, extension } = splitExtension(name);
    const ext = dCharacters(extension, 3);
    let stem = dCharacters(base, 8) || '_';
    for (let counter = 1; taken.has(`${stem}.${ext}`); counter += 1) {
      const suffix = String(counter);
      stem = `${dCharacters(base, 8 - suffix.length)}${suffix}`;
    }
    taken.add(`${stem}.${ext}`);
    return `${stem}.${ext};1`;
  });
}

/**
 * ECMA-119 §9.3 order of level 1 names: by base padded with spaces, then extension, then version
 * (all names here are version 1).
 */
export function compareLevel1(a: string, b: string): number {
  const key = (name: string): string => {
    const [stem = '', rest = ''] = name.split('.');
    return `${stem.padEnd(8, ' ')}.${rest.split(';')[0]?.padEnd(3, ' ') ?? ''}`;
  };
  const left = key(a);
  const right = key(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Order of names by UCS-2 code units (all names here are ASCII, so plain string order). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
