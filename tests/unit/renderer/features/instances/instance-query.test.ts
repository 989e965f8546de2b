import { describe, expect, it } from 'vitest';
import type { Instance } from '../../../../../common/contract/schemas';
import { compareInstances } from '../../../../../renderer/shared/stores/instances-store';
import {
  createVisibleInstances,
  DEFAULT_SORT,
  instanceFacets,
  isFiltered,
  matches,
  NO_FILTERS,
  NO_HOST,
  searchTerms,
  sortInstances,
  type InstanceQuery,
} from '../../../../../renderer/features/instances/instance-query';

/** An instance record as the contract carries it (plain data: what main sends). */
function instance(overrides: Partial<Instance> & Pick<Instance, 'name'>): Instance {
  return {
    uuid: `00000000-0000-4000-8000-${overrides.name.padStart(12, '0').slice(-12)}`,
    status: 'ACTIVE',
    vmState: 'active',
    taskState: null,
    powerState: 1,
    powerStateName: 'Running',
    networks: '',
    projectId: 'p-admin',
    projectName: 'admin',
    hostId: 'h-1',
    hostName: 'hv1',
    hostStatus: 'up',
    hostLastSeenAt: null,
    flavorName: 'm1.small',
    vcpus: 1,
    ramMiB: 2048,
    diskGiB: 20,
    locked: false,
    libvirtDomainName: overrides.name,
    libvirtDomainUuid: null,
    metadata: {},
    fault: null,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    launchedAt: null,
    deletedAt: null,
    origin: 'adopted',
    imageId: null,
    keyName: null,
    description: null,
    network: null,
    buildAttempts: [],
    ...overrides,
  };
}

const ROWS = [
  instance({ name: 'web-10', networks: 'lan=10.0.0.10', hostId: 'h-2', hostName: 'hv2', vcpus: 2 }),
  instance({ name: 'web-2', networks: 'lan=10.0.0.2', status: 'SHUTOFF', powerStateName: 'Shutdown', vcpus: 2, ramMiB: 1024 }),
  instance({ name: 'db-1', networks: 'lan=10.0.1.5, 2001:db8::5', projectId: 'p-ops', projectName: 'ops', taskState: 'rebooting', vcpus: 4 }),
  instance({ name: 'orphan', hostId: null, hostName: null, flavorName: null, status: 'ERROR' }),
].sort(compareInstances);
const names = (rows: readonly Instance[]) => rows.map((row) => row.name);
const query = (overrides: Partial<InstanceQuery> = {}): InstanceQuery => ({ search: '', filters: NO_FILTERS, sort: DEFAULT_SORT, ...overrides });

describe('instance search and filters', () => {
  it('finds by name, UUID or address, case-insensitively; every word must match', () => {
    const visible = createVisibleInstances();
    expect(names(visible(ROWS, query({ search: 'WEB' })))).toEqual(['web-2', 'web-10']);
    expect(names(visible(ROWS, query({ search: '10.0.1.5' })))).toEqual(['db-1']);
    expect(names(visible(ROWS, query({ search: '2001:DB8' })))).toEqual(['db-1']);
    const uuid = ROWS.find((row) => row.name === 'orphan')?.uuid ?? '';
    expect(names(visible(ROWS, query({ search: uuid.toUpperCase() })))).toEqual(['orphan']);
    expect(names(visible(ROWS, query({ search: 'web 10.0.0.2' })))).toEqual(['web-2']);
    expect(names(visible(ROWS, query({ search: '   ' })))).toHaveLength(4);
    expect(searchTerms('  a  B ')).toEqual(['a', 'b']);
  });

  it('filters by host (also "no host"), project and status, together with the search', () => {
    const visible = createVisibleInstances();
    expect(names(visible(ROWS, query({ filters: { ...NO_FILTERS, host: 'h-2' } })))).toEqual(['web-10']);
    expect(names(visible(ROWS, query({ filters: { ...NO_FILTERS, host: NO_HOST } })))).toEqual(['orphan']);
    expect(names(visible(ROWS, query({ filters: { ...NO_FILTERS, project: 'p-ops' } })))).toEqual(['db-1']);
    expect(names(visible(ROWS, query({ filters: { host: 'h-1', project: 'p-admin', status: 'SHUTOFF' } })))).toEqual(['web-2']);
    expect(names(visible(ROWS, query({ search: 'db', filters: { ...NO_FILTERS, status: 'SHUTOFF' } })))).toEqual([]);
    expect(matches(ROWS[0] as Instance, NO_FILTERS, [])).toBe(true);
  });

  it('knows when it hides something', () => {
    expect(isFiltered(query())).toBe(false);
    expect(isFiltered(query({ search: ' ' }))).toBe(false);
    expect(isFiltered(query({ search: 'x' }))).toBe(true);
    expect(isFiltered(query({ filters: { ...NO_FILTERS, status: 'ERROR' } }))).toBe(true);
  });
});

describe('instance sorting', () => {
  it('by name: numbers in order, the list’s own order (and reversed)', () => {
    expect(names(sortInstances(ROWS, DEFAULT_SORT))).toEqual(['db-1', 'orphan', 'web-2', 'web-10']);
    expect(names(sortInstances(ROWS, { column: 'name', direction: 'desc' }))).toEqual(['web-10', 'web-2', 'orphan', 'db-1']);
  });

  it('by another column: equal values keep the name order, empty values go last both ways', () => {
    expect(names(sortInstances(ROWS, { column: 'host', direction: 'asc' }))).toEqual(['db-1', 'web-2', 'web-10', 'orphan']);
    expect(names(sortInstances(ROWS, { column: 'host', direction: 'desc' }))).toEqual(['web-10', 'db-1', 'web-2', 'orphan']);
    expect(names(sortInstances(ROWS, { column: 'task', direction: 'asc' }))).toEqual(['db-1', 'orphan', 'web-2', 'web-10']);
    expect(names(sortInstances(ROWS, { column: 'flavor', direction: 'desc' }))).toEqual(['db-1', 'web-2', 'web-10', 'orphan']);
  });

  it('by size: vCPUs, then RAM', () => {
    expect(names(sortInstances(ROWS, { column: 'size', direction: 'asc' }))).toEqual(['orphan', 'web-2', 'web-10', 'db-1']);
    expect(names(sortInstances(ROWS, { column: 'size', direction: 'desc' }))).toEqual(['db-1', 'web-10', 'web-2', 'orphan']);
  });

  it('by status and addresses', () => {
    expect(names(sortInstances(ROWS, { column: 'status', direction: 'asc' }))).toEqual(['db-1', 'web-10', 'orphan', 'web-2']);
    expect(names(sortInstances(ROWS, { column: 'addresses', direction: 'asc' }))[3]).toBe('orphan');
  });
});

describe('the shown rows', () => {
  it('sort once per order and filter per keystroke; same inputs give the same array', () => {
    const visible = createVisibleInstances();
    const byHost = query({ sort: { column: 'host', direction: 'asc' } });
    const first = visible(ROWS, byHost);
    expect(visible(ROWS, { ...byHost })).toBe(first);
    const filtered = visible(ROWS, { ...byHost, search: 'web' });
    // Filtering keeps the sorted order.
    expect(names(filtered)).toEqual(['web-2', 'web-10']);
    expect(visible(ROWS, { ...byHost, search: 'web' })).toBe(filtered);
    // Unfiltered: the sorted array itself, no copy.
    expect(visible(ROWS, query())).toBe(ROWS);
  });

  it('a growing search filters what the shorter one showed; a shorter one goes back to every row', () => {
    const visible = createVisibleInstances();
    const typed = ['w', 'we', 'web', 'web-', 'web-1', 'web-1 ', 'web-1 10'];
    for (const search of typed) expect(names(visible(ROWS, query({ search })))).toEqual(names(createVisibleInstances()(ROWS, query({ search }))));
    expect(names(visible(ROWS, query({ search: 'web-1 10' })))).toEqual(['web-10']);
    for (const search of ['web-1', 'web', 'db', '']) expect(names(visible(ROWS, query({ search })))).toEqual(names(createVisibleInstances()(ROWS, query({ search }))));
    // Another filter with the same text: from every row again.
    expect(names(visible(ROWS, query({ search: '', filters: { ...NO_FILTERS, status: 'ERROR' } })))).toEqual(['orphan']);
  });

  it('finds the matches among 10 000 rows, in display order', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => instance({ name: `vm-${i}`, networks: `lan=10.${i >> 8}.${i & 255}.1` })).sort(compareInstances);
    const visible = createVisibleInstances();
    visible(many, query());
    const shown = visible(many, query({ search: 'vm-99' }));
    expect(shown.length).toBe(111);
    expect(names(shown).slice(0, 3)).toEqual(['vm-99', 'vm-990', 'vm-991']);
  });
});

describe('filter choices', () => {
  it('counts hosts, projects and statuses over every row, with "no host" for unplaced ones', () => {
    const facets = instanceFacets(ROWS);
    expect(facets.hosts).toEqual([
      { value: 'h-1', label: 'hv1', count: 2 },
      { value: 'h-2', label: 'hv2', count: 1 },
      { value: NO_HOST, label: 'no host', count: 1 },
    ]);
    expect(facets.projects.map((p) => [p.label, p.count])).toEqual([
      ['admin', 3],
      ['ops', 1],
    ]);
    expect(facets.statuses.map((s) => s.value)).toEqual(['ACTIVE', 'ERROR', 'SHUTOFF']);
  });
});
