import type { HostFilter } from '../filter';

/** Host records the table found malformed (NaN or negative sizes) are set aside with the problem named. */
export const hostRecordStage: HostFilter = {
  name: 'HostRecord',
  prepare({ table }) {
    const invalid = table.invalid;
    if (invalid.size === 0) return undefined;
    return { rejects: (i) => invalid.has(i), reason: (i) => invalid.get(i) ?? '' };
  },
};

/** Hosts the caller asked to leave out (Nova's ignore_hosts; a reschedule lists the hosts that failed). */
export const ignoreHostsStage: HostFilter = {
  name: 'IgnoreHosts',
  prepare({ request, hosts }) {
    const ignored = request.ignoreHosts;
    if (!ignored) return undefined;
    return {
      rejects: (i) => ignored.has(hosts[i]!.name.toLowerCase()),
      reason: () => 'listed in ignore_hosts (an earlier attempt failed here)',
    };
  },
};

/** With a forced host, every other host is out (Nova's force_hosts, matched case-insensitively). */
export const forcedHostStage: HostFilter = {
  name: 'ForcedHost',
  prepare({ request, hosts }) {
    const forced = request.forcedHost;
    if (forced === null) return undefined;
    return {
      rejects: (i) => hosts[i]!.name.toLowerCase() !== forced,
      reason: () => `not the forced host ${JSON.stringify(forced)}`,
    };
  },
};
