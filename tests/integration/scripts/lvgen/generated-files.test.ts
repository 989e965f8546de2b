import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED_SOURCE, SOURCE_FILES } from '../../../../scripts/lvgen/config';
import { generate } from '../../../../scripts/lvgen/generate';
import { GENERATED_DIR, SOURCE_CACHE_DIR } from '../../../../scripts/lvgen/paths';
import { fileSha256, obtainPinnedSource, SourceUnavailableError, type PinnedSource } from '../../../../scripts/lvgen/source';

/**
 * The pinned-source check: the committed `main/libvirt/generated/*.gen.ts` are exactly what the
 * generator makes from libvirt 9.0.0. The source is fetched the way `npm run gen:libvirt` fetches
 * it (apt-get source into node_modules/.cache/libvirt-src, checked against the pinned sha256);
 * only when it cannot be downloaded at all does the test skip, saying why.
 */
describe('generated libvirt protocol', () => {
  it('is what the generator produces from the pinned libvirt source', async (ctx) => {
    let source: PinnedSource;
    try {
      source = await obtainPinnedSource(SOURCE_CACHE_DIR);
    } catch (error) {
      if (error instanceof SourceUnavailableError) ctx.skip(`the pinned libvirt ${PINNED_SOURCE.version} source cannot be obtained here: ${error.message}`);
      throw error;
    }
    // obtainPinnedSource verified the tarball; the files read come from it.
    expect(await fileSha256(join(SOURCE_CACHE_DIR, 'download', PINNED_SOURCE.tarball))).toBe(PINNED_SOURCE.tarballSha256);
    for (const file of SOURCE_FILES) expect(existsSync(join(source.root, file)), file).toBe(true);

    const files = generate(source.read);
    const committed = readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.gen.ts')).sort();
    expect(committed).toEqual(files.map((f) => f.name).sort());
    for (const f of files) {
      // A mismatch means someone edited a generated file, or changed the generator without regenerating.
      expect(readFileSync(join(GENERATED_DIR, f.name), 'utf8'), `${f.name} differs from the generator's output: run npm run gen:libvirt`).toBe(f.text);
    }
  }, 600_000);
});
