import { listStoragePools, resolveStoragePool, type StoragePoolView } from '../../hosts';
import { stringOption } from '../args';
import { askHosts } from '../each-host';
import type { CommandSpec } from '../command';
import { formatTable, type Cell } from '../table';
import { formatBytes } from '../transfer-line';

const HEADERS = ['Host', 'Name', 'State', 'Type', 'Capacity', 'Available', 'Path', 'Default'];

/** `pool list`: the hosts' storage pools (asked live). */
export const POOL_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['pool', 'list'],
    readOnly: true,
    summary: "List the hosts' storage pools, and the one instance disks and base images go to.",
    options: [{ name: 'host', type: 'string', value: 'HOST', description: 'Only this host (default: every host).' }],
    details: 'Each host is connected to for the answer. Default: the host\'s --pool, else "default", else the first active dir pool.',
    async run(context, args) {
      const { results, warnings } = await askHosts(context, stringOption(args, 'host'), async (conn, host) => {
        const pools = await listStoragePools(conn);
        const chosen = await resolveStoragePool(conn, host).catch(() => null);
        return pools.map(({ ref: _ref, ...pool }): StoragePoolView & { isDefault: boolean } => ({ ...pool, isDefault: pool.name === chosen?.name }));
      });
      const rows: Cell[][] = results.flatMap(({ host, value }) =>
        value.map((p) => [host.name, p.name, p.state, p.type, formatBytes(p.capacityBytes), formatBytes(p.availableBytes), p.path, p.isDefault ? 'yes' : '']),
      );
      const json = results.map(({ host, value }) => ({ host: host.name, hostId: host.id, pools: value }));
      return { text: formatTable(HEADERS, rows), json, warnings };
    },
  },
];
