import { useMemo, type KeyboardEvent, type RefObject } from 'react';
import type { Instance } from '../../../common/contract/schemas';
import { formatCount, formatClock } from '../../shared/format/format';
import { useInstancesStore } from '../../shared/stores/instances-store';
import { testIds } from '../../testIds';
import { instanceFacets, isFiltered, type FacetOption, type InstanceFilters } from './instance-query';
import { useInstancesViewStore } from './instances-view-store';

/** Search box, the three filters, and what is shown and selected. */
export function InstancesToolbar(props: {
  readonly rows: readonly Instance[];
  readonly shown: number;
  readonly selected: number;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  /** Arrow down or Enter in the search box: on to the list. */
  readonly onLeaveSearch: () => void;
}) {
  const { rows } = props;
  const search = useInstancesViewStore((s) => s.search);
  const filters = useInstancesViewStore((s) => s.filters);
  const setSearch = useInstancesViewStore((s) => s.setSearch);
  const setFilter = useInstancesViewStore((s) => s.setFilter);
  const clearFilters = useInstancesViewStore((s) => s.clearFilters);
  const stale = useInstancesStore((s) => s.stale);
  const syncedAt = useInstancesStore((s) => s.syncedAt);
  const facets = useMemo(() => instanceFacets(rows), [rows]);
  const filtered = isFiltered({ search, filters });

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      props.onLeaveSearch();
    }
  };

  return (
    <div className="instances__toolbar" role="search">
      <div className="search">
        <svg className="search__icon" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="7" cy="7" r="4.5" />
          <path d="M10.5 10.5 14 14" />
        </svg>
        <input
          ref={props.searchRef}
          type="search"
          className="input search__input"
          data-testid={testIds.instancesSearch}
          aria-label="Search instances by name, UUID or address"
          placeholder="Search name, UUID or address"
          value={search}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onSearchKey}
        />
        <kbd className="search__hint" aria-hidden="true">
          /
        </kbd>
      </div>
      <FilterSelect filter="host" label="Host" all="All hosts" options={facets.hosts} filters={filters} onChange={setFilter} />
      <FilterSelect filter="project" label="Project" all="All projects" options={facets.projects} filters={filters} onChange={setFilter} />
      <FilterSelect filter="status" label="Status" all="All statuses" options={facets.statuses} filters={filters} onChange={setFilter} />
      {filtered && (
        <button type="button" className="button button--quiet" data-testid={testIds.instancesClearFilters} onClick={clearFilters}>
          Clear
        </button>
      )}
      <div className="instances__summary" data-testid={testIds.instancesSummary} data-shown={props.shown} data-total={rows.length} data-selected={props.selected} aria-live="polite">
        {stale && (
          <span className="pill pill--warn" data-testid={testIds.instancesStale} title="Not connected to Virt Deck: these rows are the last known ones and update when the connection is back">
            Offline · as of {syncedAt === null ? 'unknown' : formatClock(syncedAt)}
          </span>
        )}
        <span>
          {filtered ? `${formatCount(props.shown)} of ${formatCount(rows.length)}` : formatCount(rows.length)} instance{rows.length === 1 ? '' : 's'}
        </span>
        {props.selected > 0 && <span className="instances__selected">{formatCount(props.selected)} selected</span>}
      </div>
    </div>
  );
}

function FilterSelect(props: {
  readonly filter: keyof InstanceFilters;
  readonly label: string;
  readonly all: string;
  readonly options: readonly FacetOption[];
  readonly filters: InstanceFilters;
  readonly onChange: (filter: keyof InstanceFilters, value: string | null) => void;
}) {
  const value = props.filters[props.filter];
  // A stored filter whose value has no instances now stays selectable, so it can be seen and cleared.
  const options = value !== null && !props.options.some((option) => option.value === value) ? [...props.options, { value, label: value, count: 0 }] : props.options;
  return (
    <label className={`filter${value === null ? '' : ' filter--active'}`}>
      <span className="filter__label">{props.label}</span>
      <select
        className="input filter__select"
        data-testid={testIds.instancesFilter(props.filter)}
        value={value ?? ''}
        onChange={(event) => props.onChange(props.filter, event.target.value === '' ? null : event.target.value)}
      >
        <option value="">{props.all}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label} ({formatCount(option.count)})
          </option>
        ))}
      </select>
    </label>
  );
}
