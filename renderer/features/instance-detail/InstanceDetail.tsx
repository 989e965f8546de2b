import { useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { Instance } from '../../../common/contract/schemas';
import { InstanceStatusBadge } from '../../shared/badges/InstanceStatusBadge';
import { testIds } from '../../testIds';
import { openConsole } from '../console';
import { DETAIL_TABS, tabForKey, type DetailTabId } from './detail-tabs';
import { InstanceActionsBar } from '../instances/actions/InstanceActionsBar';
import { useInstanceDetailStore } from './instance-detail-store';
import { ActionLogTab } from './tabs/ActionLogTab';
import { ConsoleTab } from './tabs/ConsoleTab';
import { GraphsTab } from './tabs/GraphsTab';
import { HardwareTab } from './tabs/HardwareTab';
import { OverviewTab } from './tabs/OverviewTab';
import { detailTestIds } from './test-ids';
import './instance-detail.css';

/** The shown tab's content; only the shown tab is mounted, so a hidden one watches and loads nothing. */
function TabContent(props: { readonly tab: DetailTabId; readonly instance: Instance }) {
  const imageName = useInstanceDetailStore((s) => s.imageName);
  const xml = useInstanceDetailStore((s) => s.xml);
  const actionLog = useInstanceDetailStore((s) => s.actionLog);
  switch (props.tab) {
    case 'overview':
      return <OverviewTab instance={props.instance} imageName={imageName} />;
    case 'graphs':
      return <GraphsTab uuid={props.instance.uuid} />;
    case 'hardware':
      return <HardwareTab xml={xml} />;
    case 'actions':
      return <ActionLogTab log={actionLog} />;
    case 'console':
      return <ConsoleTab instance={props.instance} kind="vnc" />;
    case 'serial':
      return <ConsoleTab instance={props.instance} kind="serial" />;
  }
}

/**
 * The open instance's details, as `nova show` and virt-manager's details page: Overview, Graphs, Hardware & XML, Action
 * log, Console and Serial tabs. Follows the instance live; the top row holds the lifecycle actions bar.
 */
export function InstanceDetail() {
  const uuid = useInstanceDetailStore((s) => s.uuid);
  const instance = useInstanceDetailStore((s) => s.instance);
  const error = useInstanceDetailStore((s) => s.error);
  const tab = useInstanceDetailStore((s) => s.tab);
  const open = useInstanceDetailStore((s) => s.open);
  const selectTab = useInstanceDetailStore((s) => s.selectTab);
  const refresh = useInstanceDetailStore((s) => s.refresh);
  const tabRefs = useRef(new Map<DetailTabId, HTMLButtonElement>());
  if (uuid === null) return null;

  const choose = (id: DetailTabId, event?: MouseEvent) => {
    void selectTab(id);
    // Choosing Console or Serial opens that console (in the console workspace), as the list's double-click does.
    if (event !== undefined && instance !== null && (id === 'console' || id === 'serial')) openConsole(instance, id === 'console' ? 'vnc' : 'serial', event.timeStamp);
  };
  const onTabKey = (event: KeyboardEvent) => {
    const next = tabForKey(tab, event.key);
    if (next === null) return;
    event.preventDefault();
    choose(next);
    tabRefs.current.get(next)?.focus();
  };
  const domId = (id: DetailTabId, part: 'tab' | 'panel') => `instance-detail-${part}-${id}`;

  return (
    <section className="panel detail" data-testid={testIds.instanceDetail} aria-label={`Instance ${instance?.name ?? ''}`}>
      <div className="detail__head">
      <div className="panel__title detail__title">
        <h2 className="detail__heading">
          {instance === null ? 'Instance' : instance.name}
          {instance !== null && <InstanceStatusBadge instance={instance} />}
        </h2>
        <span className="detail__title-actions">
          <button type="button" className="link-button" data-testid={detailTestIds.refresh} onClick={() => void refresh()}>
            Refresh
          </button>
          <button type="button" className="link-button" data-testid={testIds.instanceDetailClose} onClick={() => void open(null)}>
            Close
          </button>
        </span>
      </div>
      {/* The lifecycle actions (features/instances/actions); the details panel builds no buttons of its own. */}
      <div className="detail__actions" data-testid={detailTestIds.actionsSlot}>
        {instance !== null && <InstanceActionsBar scope="detail" instances={[instance]} />}
      </div>
      <div className="detail__tabs" role="tablist" aria-label="Instance details" onKeyDown={onTabKey}>
        {DETAIL_TABS.map((t) => (
          <button
            key={t.id}
            ref={(element) => {
              if (element === null) tabRefs.current.delete(t.id);
              else tabRefs.current.set(t.id, element);
            }}
            type="button"
            role="tab"
            id={domId(t.id, 'tab')}
            className="detail__tab"
            aria-selected={tab === t.id}
            aria-controls={domId(t.id, 'panel')}
            tabIndex={tab === t.id ? 0 : -1}
            data-testid={detailTestIds.tab(t.id)}
            onClick={(event) => choose(t.id, event)}
          >
            {t.label}
          </button>
        ))}
      </div>
      </div>
      {error !== null && (
        <div className="banner banner--error detail__banner" role="alert">
          {error}
        </div>
      )}
      <div className="detail__panel" role="tabpanel" id={domId(tab, 'panel')} aria-labelledby={domId(tab, 'tab')} data-testid={detailTestIds.panel(tab)}>
        {instance !== null && <TabContent tab={tab} instance={instance} />}
        {instance === null && error === null && <p className="muted detail__loading">Loading…</p>}
      </div>
    </section>
  );
}
