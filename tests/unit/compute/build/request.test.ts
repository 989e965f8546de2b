import { describe, expect, it } from 'vitest';
import { BuildRequestError } from '../../../../main/compute/build/errors';
import { claimImage, validateCreateRequest, type CreateInstancesRequest } from '../../../../main/compute/build/request';
import { NotFoundError } from '../../../../main/inventory/errors';
import type { SqliteInventoryStore } from '../../../../main/inventory/sqlite/store';
import { addHost, useTempStore } from '../../inventory/helpers';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@lab';

function seed(store: SqliteInventoryStore) {
  addHost(store, 'h1');
  const image = store.images.insert({ name: 'cirros', diskFormat: 'qcow2', status: 'active', sizeBytes: 12 << 20, checksumSha256: 'ab'.repeat(32), minDiskGiB: 1, minRamMiB: 64, properties: { hw_architecture: 'x86_64' } });
  store.keyPairs.insert({ name: 'alice', type: 'ssh-ed25519', publicKey: KEY, fingerprint: 'SHA256:x', comment: 'alice@lab' });
  return image;
}

/** The field a refusal names, or the NotFound message. */
function refusal(store: SqliteInventoryStore, request: Partial<CreateInstancesRequest>): string {
  try {
    validateCreateRequest(store, { name: 'web', flavor: 'm1.tiny', image: 'cirros', ...request });
  } catch (error) {
    if (error instanceof BuildRequestError) return `${error.field}: ${error.message}`;
    if (error instanceof NotFoundError) return `not found: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('create request checks', () => {
  const tempStore = useTempStore();

  it('accepts a full request and resolves what it names', () => {
    const store = tempStore();
    const image = seed(store);
    const valid = validateCreateRequest(store, { name: 'web', flavor: 'm1.tiny', image: image.id, keyName: 'alice', userData: '#cloud-config\n{}\n', count: 3, minCount: 2, host: 'h1', description: 'front', metadata: { role: 'web' } });
    expect(valid).toMatchObject({ name: 'web', image: { id: image.id }, keyPair: { name: 'alice', publicKey: KEY }, count: { min: 2, max: 3 }, forcedHost: { name: 'h1' }, description: 'front', project: { name: 'admin' } });
    expect(claimImage(valid.image)).toEqual({ id: image.id, architecture: 'x86_64' });
  });

  it('names the field of every refusal', () => {
    const store = tempStore();
    seed(store);
    const cases: [Partial<CreateInstancesRequest>, RegExp][] = [
      [{ name: '' }, /^name: name: must not be empty/],
      [{ name: ' web' }, /^name: .*leading or trailing whitespace/],
      [{ name: 'a/b' }, /^name: .*'\/' is not allowed/],
      [{ name: 'x'.repeat(181) }, /^name: name: must be at most 180 bytes/],
      [{ name: 'bell\x07' }, /^name: .*control characters/],
      [{ count: 0 }, /^count: count: must be a whole number from 1 to 100, not 0/],
      [{ count: 2.5 }, /^count: /],
      [{ count: 2, minCount: 3 }, /^minCount: minCount: must be a whole number from 1 to count \(2\), not 3/],
      [{ userData: 'x'.repeat(64 * 1024 + 1) }, /^userData: userData: is 65537 bytes; at most 65536 are allowed/],
      [{ userData: 'just some text' }, /^userData: /],
      [{ description: 'x'.repeat(256) }, /^description: description: must be at most 255 characters/],
      [{ network: 'net\x1b[2J' }, /^network: network: must not contain control characters \(found \\x1b\)/],
      [{ metadata: Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v'])) }, /^metadata: metadata: has 129 items/],
      [{ flavor: 'm1.huge' }, /^not found: Flavor m1.huge not found/],
      [{ image: 'nope' }, /^not found: Image nope not found/],
      [{ keyName: 'bob' }, /^not found: Key pair bob not found/],
      [{ host: 'h9' }, /^not found: Host h9 not found/],
      [{ project: 'nobody' }, /^not found: Project nobody not found/],
    ];
    for (const [request, expected] of cases) expect(refusal(store, request), JSON.stringify(request).slice(0, 80)).toMatch(expected);
  });

  it("refuses a flavor smaller than the image needs, and an image that is not active (Nova's checks)", () => {
    const store = tempStore();
    seed(store);
    store.images.insert({ name: 'big', diskFormat: 'qcow2', status: 'active', sizeBytes: 1, checksumSha256: 'cd'.repeat(32), minDiskGiB: 5, minRamMiB: 0 });
    store.images.insert({ name: 'hungry', diskFormat: 'raw', status: 'active', sizeBytes: 512, checksumSha256: 'ef'.repeat(32), minDiskGiB: 0, minRamMiB: 4096 });
    store.images.insert({ name: 'half', diskFormat: 'qcow2', status: 'queued' });
    store.images.insert({ name: 'disc', diskFormat: 'iso', status: 'active', sizeBytes: 2048 });
    expect(refusal(store, { image: 'big' })).toMatch(/^flavor: .*m1\.tiny's disk \(1 GiB\) is smaller than image big's min_disk \(5 GiB\)/);
    expect(refusal(store, { image: 'hungry' })).toMatch(/^flavor: .*memory \(512 MiB\) is smaller than image hungry's min_ram \(4096 MiB\)/);
    expect(refusal(store, { image: 'half' })).toMatch(/^image: image: Image half is queued, not active/);
    expect(refusal(store, { image: 'disc' })).toMatch(/^image: image: Image disc is iso; only qcow2 and raw images can be booted/);
  });
});
