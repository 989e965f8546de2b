import type { Instance } from '../../../common/contract/schemas';
import type { SortState } from '../../shared/table/sort';

/** Columns the Instances list sorts by. */
export type InstanceSortKey = 'name' | 'uuid' | 'status' | 'task' | 'power' | 'addresses' | 'host' | 'project' | 'flavor' | 'size';

/** Every sort key (for checking what storage gives back). */
export const INSTANCE_SORT_KEYS: readonly InstanceSortKey[] = ['name', 'uuid', 'status', 'task', 'power', 'addresses', 'host', 'project', 'flavor', 'size'];

/** The filters: a host id, a project id, a Status, or null for all. */
export interface InstanceFilters {
  readonly host: string | null;
  readonly project: string | null;
  readonly status: string | null;
}

/** The host filter's value for instances placed on no host. */
export const NO_HOST = '-';

/** No filter. */
export const NO_FILTERS: InstanceFilters = { host: null, project: null, status: null };

/** What decides which instances are shown, in which order. */
export interface InstanceQuery {
  readonly search: string;
  readonly filters: InstanceFilters;
  readonly sort: SortState<InstanceSortKey>;
}

/** The default order: by name, as `nova list`. */
export const DEFAULT_SORT: SortState<InstanceSortKey> = { column: 'name', direction: 'asc' };

const searchKeys = new WeakMap<Instance, string>();

/** What the search box matches: name, UUID, addresses (and the libvirt domain name), lower-cased; cached per record. */
export function searchKey(instance: Instance): string {
  let key = searchKeys.get(instance);
  if (key === undefined) {
    key = `${instance.name}\n${instance.uuid}\n${instance.networks}\n${instance.libvirtDomainName ?? ''}`.toLowerCase();
    searchKeys.set(instance, key);
  }
  return key;
}

/**
 * Compute the search keys of `rows` ahead of the first keystroke, in slices while the page is idle, so the first
 * search does not pay for lower-casing every row. Returns the function that stops it.
 */
export function warmSearchKeys(rows: readonly Instance[], slice = 500): () => void {
  const idle = (callback: () => void): number => (typeof requestIdleCallback === 'function' ? requestIdleCallback(callback) : window.setTimeout(callback, 50));
  const cancel = (handle: number): void => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(handle) : window.clearTimeout(handle));
  let next = 0;
  let handle = 0;
  const step = (): void => {
    const end = Math.min(rows.length, next + slice);
    for (; next < end; next++) searchKey(rows[next] as Instance);
    if (next < rows.length) handle = idle(step);
  };
  handle = idle(step);
  return () => cancel(handle);
}

/** The search box's words: every one must appear (in any field). */
export function searchTerms(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter((term) => term !== '');
}

/** Whether an instance passes the filters and the search words. */
export function matches(instance: Instance, filters: InstanceFilters, terms: readonly string[]): boolean {
  if (filters.host !== null && (instance.hostId ?? NO_HOST) !== filters.host) return false;
  if (filters.project !== null && instance.projectId !== filters.project) return false;
  if (filters.status !== null && instance.status !== filters.status) return false;
  if (terms.length === 0) return true;
  const key = searchKey(instance);
  return terms.every((term) => key.includes(term));
}

/** Whether a query hides anything. */
export function isFiltered(query: Pick<InstanceQuery, 'search' | 'filters'>): boolean {
  const { host, project, status } = query.filters;
  return searchTerms(query.search).length > 0 || host !== null || project !== null || status !== null;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

type SortValue = string | number | null;

const SORT_VALUE: Readonly<Record<InstanceSortKey, (instance: Instance) => SortValue>> = {
  name: (i) => i.name,
  uuid: (i) => i.uuid,
  status: (i) => i.status,
  task: (i) => i.taskState,
  power: (i) => i.powerStateName,
  addresses: (i) => (i.networks === '' ? null : i.networks),
  host: (i) => i.hostName,
  project: (i) => i.projectName ?? i.projectId,
  flavor: (i) => i.flavorName,
  // vCPUs first, RAM breaks ties: one number that orders both (RAM is far below 2^20 GiB).
  size: (i) => i.vcpus * 2 ** 40 + i.ramMiB,
};

function compareValues(a: SortValue, b: SortValue): number {
  // Empty values last in either direction.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Sort rows that are in the list's own order (name, then UUID): a stable sort by the column keeps that order among
 * equal values, so ties need no second comparison. Descending reverses the column's order but keeps empty values last.
 */
export function sortInstances(rows: readonly Instance[], sort: SortState<InstanceSortKey>): readonly Instance[] {
  if (sort.column === 'name') return sort.direction === 'asc' ? rows : [...rows].reverse();
  const value = SORT_VALUE[sort.column];
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, value: value(row) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) return compareValues(a.value, b.value) || a.index - b.index;
    return sign * compareValues(a.value, b.value) || a.index - b.index;
  });
  return keyed.map((entry) => entry.row);
}

/**
 * The shown rows: sorted, then filtered (filtering keeps the order, so a keystroke does not sort again). A search that
 * only grows (a key typed at the end) filters the rows the previous one showed: whatever matches the longer search
 * matched the shorter one.
 */
export function createVisibleInstances(): (rows: readonly Instance[], query: InstanceQuery) => readonly Instance[] {
  let sortedFor: { rows: readonly Instance[]; sort: SortState<InstanceSortKey>; sorted: readonly Instance[] } | null = null;
  let shownFor: { sorted: readonly Instance[]; search: string; filters: InstanceFilters; shown: readonly Instance[] } | null = null;
  return (rows, query) => {
    if (sortedFor === null || sortedFor.rows !== rows || sortedFor.sort.column !== query.sort.column || sortedFor.sort.direction !== query.sort.direction) {
      sortedFor = { rows, sort: query.sort, sorted: sortInstances(rows, query.sort) };
    }
    const { sorted } = sortedFor;
    if (shownFor === null || shownFor.sorted !== sorted || shownFor.search !== query.search || shownFor.filters !== query.filters) {
      const terms = searchTerms(query.search);
      const { filters } = query;
      const narrowing = shownFor !== null && shownFor.sorted === sorted && shownFor.filters === filters && query.search.startsWith(shownFor.search);
      const from = narrowing && shownFor !== null ? shownFor.shown : sorted;
      const shown = isFiltered(query) ? from.filter((instance) => matches(instance, filters, terms)) : sorted;
      shownFor = { sorted, search: query.search, filters, shown };
    }
    return shownFor.shown;
  };
}

/** One choice of a filter, with how many instances it has. */
export interface FacetOption {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

/** The choices of the three filters, from the rows themselves (each sorted by label). */
export interface InstanceFacets {
  readonly hosts: readonly FacetOption[];
  readonly projects: readonly FacetOption[];
  readonly statuses: readonly FacetOption[];
}

/** Count hosts, projects and statuses over all rows (not just the shown ones, so a filter never hides its own choices). */
export function instanceFacets(rows: readonly Instance[]): InstanceFacets {
  const hosts = new Map<string, { label: string; count: number }>();
  const projects = new Map<string, { label: string; count: number }>();
  const statuses = new Map<string, { label: string; count: number }>();
  const bump = (map: Map<string, { label: string; count: number }>, value: string, label: string): void => {
    const entry = map.get(value);
    if (entry === undefined) map.set(value, { label, count: 1 });
    else entry.count += 1;
  };
  for (const instance of rows) {
    bump(hosts, instance.hostId ?? NO_HOST, instance.hostName ?? 'no host');
    bump(projects, instance.projectId, instance.projectName ?? instance.projectId);
    bump(statuses, instance.status, instance.status);
  }
  const options = (map: Map<string, { label: string; count: number }>): FacetOption[] =>
    [...map].map(([value, { label, count }]) => ({ value, label, count })).sort((a, b) => collator.compare(a.label, b.label));
  return { hosts: options(hosts), projects: options(projects), statuses: options(statuses) };
}
