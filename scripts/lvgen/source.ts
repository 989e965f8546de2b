import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PINNED_SOURCE, SOURCE_FILES } from './config';
import type { SourceReader } from './generate';

/**
 * Obtains the pinned libvirt source the way Debian hands it out: `apt-get source --download-only`
 * against a private apt configuration (a `deb-src` entry for the machine's own mirror, private
 * lists and cache), so the machine's apt state is never touched. The upstream tarball is checked
 * against its pinned sha256 and only the files the generator reads are unpacked.
 */

const run = promisify(execFile);

/** The source cannot be downloaded here (no network, no apt source for the suite). */
export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError';
}

/** Where the source was found. */
export interface PinnedSource {
  /** The unpacked tree (holds `src/` and `include/`). */
  readonly root: string;
  readonly read: SourceReader;
}

/** A reader over a libvirt source tree on disk. */
export function treeReader(root: string): SourceReader {
  return (path) => readFileSync(join(root, path), 'utf8');
}

/** sha256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The machine's apt mirror for `suite` and the keyring that signs it, from /etc/apt. */
export function machineMirror(suite: string, etc = '/etc/apt'): { readonly uri: string; readonly signedBy: string | null } {
  const candidates: { uri: string; signedBy: string | null }[] = [];
  const partsDir = join(etc, 'sources.list.d');
  const files = [join(etc, 'sources.list'), ...(existsSync(partsDir) ? readdirSync(partsDir).map((f) => join(partsDir, f)) : [])];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      // deb822: stanzas separated by blank lines, `Key: value` fields.
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (key: string) => new RegExp(`^${key}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim();
        const suites = field('Suites')?.split(/\s+/) ?? [];
        const types = field('Types')?.split(/\s+/) ?? [];
        const uri = field('URIs')?.split(/\s+/)[0];
        if (uri && suites.includes(suite) && (types.includes('deb') || types.includes('deb-src'))) candidates.push({ uri, signedBy: field('Signed-By') ?? null });
      }
    } else if (file.endsWith('.list')) {
      for (const line of text.split('\n')) {
        const m = /^\s*deb(?:-src)?\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(line);
        if (m && m[3] === suite) candidates.push({ uri: m[2]!, signedBy: /signed-by=(\S+)/.exec(m[1] ?? '')?.[1] ?? null });
      }
    }
  }
  const found = candidates[0];
  if (found === undefined) throw new SourceUnavailableError(`no apt source for ${suite} in ${etc}: cannot ask Debian for the libvirt source`);
  return found;
}

function aptOptions(work: string): string[] {
  const o = (k: string, v: string) => ['-o', `${k}=${v}`];
  return [
    ...o('Dir::Etc::SourceList', join(work, 'sources.list')),
    ...o('Dir::Etc::SourceParts', join(work, 'sources.list.d')),
    ...o('Dir::State::Lists', join(work, 'lists')),
    ...o('Dir::Cache', join(work, 'cache')),
    // Our files live in a cache folder that apt's unprivileged download user may not reach.
    ...o('APT::Sandbox::User', 'root'),
  ];
}

/** Download the source package into `into` with a private apt setup under `work`. */
async function aptDownload(work: string, into: string): Promise<void> {
  const { uri, signedBy } = machineMirror(PINNED_SOURCE.suite);
  for (const dir of ['sources.list.d', 'lists/partial', 'cache/archives/partial']) mkdirSync(join(work, dir), { recursive: true });
  writeFileSync(join(work, 'sources.list'), '');
  writeFileSync(
    join(work, 'sources.list.d', 'libvirt-src.sources'),
    ['Types: deb-src', `URIs: ${uri}`, `Suites: ${PINNED_SOURCE.suite}`, 'Components: main', ...(signedBy ? [`Signed-By: ${signedBy}`] : []), ''].join('\n'),
  );
  const options = aptOptions(work);
  try {
    await run('apt-get', [...options, '-q', 'update'], { timeout: 300_000 });
    const { stderr } = await run('apt-get', [...options, '-q', 'source', '--download-only', PINNED_SOURCE.package], { cwd: into, timeout: 600_000 });
    // apt-get update reports unreachable mirrors as warnings and still exits 0.
    if (/Failed to fetch|Temporary failure|Could not resolve/.test(stderr)) throw new Error(stderr.trim());
  } catch (error) {
    const detail = error instanceof Error ? ((error as { stderr?: string }).stderr?.trim() || error.message) : String(error);
    throw new SourceUnavailableError(`apt-get could not download the ${PINNED_SOURCE.package} source for ${PINNED_SOURCE.suite}: ${detail}`);
  }
}

/**
 * The pinned source, downloaded (once) into `cacheDir` and unpacked there. Throws
 * SourceUnavailableError when it cannot be downloaded, and a plain Error when what was
 * downloaded is not the pinned tarball.
 */
export async function obtainPinnedSource(cacheDir: string): Promise<PinnedSource> {
  const download = join(cacheDir, 'download');
  const tarball = join(download, PINNED_SOURCE.tarball);
  mkdirSync(download, { recursive: true });
  if (!existsSync(tarball) || (await fileSha256(tarball)) !== PINNED_SOURCE.tarballSha256) {
    rmSync(tarball, { force: true });
    await aptDownload(join(cacheDir, 'apt'), download);
    if (!existsSync(tarball)) throw new Error(`apt-get source did not produce ${PINNED_SOURCE.tarball}: is ${PINNED_SOURCE.suite} still on libvirt ${PINNED_SOURCE.version}?`);
  }
  const actual = await fileSha256(tarball);
  if (actual !== PINNED_SOURCE.tarballSha256) {
    throw new Error(`${PINNED_SOURCE.tarball} has sha256 ${actual}, expected the pinned ${PINNED_SOURCE.tarballSha256}`);
  }
  const tree = join(cacheDir, 'tree');
  const root = join(tree, PINNED_SOURCE.topDir);
  if (!SOURCE_FILES.every((f) => existsSync(join(root, f)))) {
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    await run('tar', ['-xJf', tarball, '-C', tree, ...SOURCE_FILES.map((f) => `${PINNED_SOURCE.topDir}/${f}`)], { timeout: 300_000 });
  }
  return { root, read: treeReader(root) };
}
