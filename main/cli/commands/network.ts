import { listNetworks, resolveNetwork, type NetworkView } from '../../hosts';
import { stringOption } from '../args';
import { askHosts } from '../each-host';
import type { CommandSpec } from '../command';
import { formatTable, type Cell } from '../table';

const HEADERS = ['Host', 'Name', 'State', 'Bridge', 'Forward', 'Default'];

/** `network list`: the hosts' libvirt networks (asked live: the inventory does not keep them). */
export const NETWORK_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['network', 'list'],
    readOnly: true,
    summary: "List the hosts' libvirt networks, and the one instances join by default.",
    options: [{ name: 'host', type: 'string', value: 'HOST', description: 'Only this host (default: every host).' }],
    details: 'Each host is connected to for the answer. Default: the host\'s --network, else "default", else the first active one.',
    async run(context, args) {
      const { results, warnings } = await askHosts(context, stringOption(args, 'host'), async (conn, host) => {
        const networks = await listNetworks(conn);
        const chosen = await resolveNetwork(conn, host).catch(() => null);
        return networks.map(({ ref: _ref, ...network }): NetworkView & { isDefault: boolean } => ({ ...network, isDefault: network.name === chosen?.name }));
      });
      const rows: Cell[][] = results.flatMap(({ host, value }) =>
        value.map((n) => [host.name, n.name, n.active ? 'active' : 'inactive', n.bridge, n.forwardMode ?? 'isolated', n.isDefault ? 'yes' : '']),
      );
      const json = results.map(({ host, value }) => ({ host: host.name, hostId: host.id, networks: value }));
      return { text: formatTable(HEADERS, rows), json, warnings };
    },
  },
];

