import { describe, expect, it } from 'vitest';
import { OneShotHostConnections } from '../../../main/compute/host-access';
import { HostUnavailableError } from '../../../main/hosts/host-unavailable';
import type { HostRecord } from '../../../main/inventory/model';
import { ConnectionClosedError, type LibvirtConnection } from '../../../main/libvirt';
import { addHost, useTempStore } from '../inventory/helpers';

/** A connection as far as the one-shot cache looks at it: when it closed, and closing it. */
function fakeConnection(): { conn: LibvirtConnection; drop: () => void; closedByUs: () => boolean } {
  let drop!: () => void;
  let closedByUs = false;
  const closed = new Promise<ConnectionClosedError>((resolve) => (drop = () => resolve(new ConnectionClosedError('eof'))));
  const conn = { closed, close: async () => void (closedByUs = true) } as unknown as LibvirtConnection;
  return { conn, drop, closedByUs: () => closedByUs };
}

describe('OneShotHostConnections', () => {
  const tempStore = useTempStore();

  it('dials a host once for many uses, again after a failed dial or a dropped connection, and closes what it opened', async () => {
    const store = tempStore();
    const host = addHost(store, 'h1');
    const made: ReturnType<typeof fakeConnection>[] = [];
    let fail = true;
    const hosts = new OneShotHostConnections(store, {}, async (record: HostRecord) => {
      if (fail) {
        fail = false;
        throw new Error(`connect ECONNREFUSED ${record.name}`);
      }
      const next = fakeConnection();
      made.push(next);
      return next.conn;
    });
    await expect(hosts.use(host.id, async () => 'x')).rejects.toThrow(HostUnavailableError);
    const first = await hosts.use(host.id, async (conn) => conn);
    expect(await hosts.use(host.id, async (conn) => conn)).toBe(first);
    expect(made).toHaveLength(1);

    made[0]?.drop();
    // The cache forgets it in a reaction to `closed`, one step after it settles.
    await first.closed;
    await Promise.resolve();
    const second = await hosts.use(host.id, async (conn) => conn);
    expect(second).not.toBe(first);
    expect(made).toHaveLength(2);

    await hosts.close();
    expect(made[1]?.closedByUs()).toBe(true);
  });
});
