import { useEffect, useRef } from 'react';
import type { ActivityItem } from '../../../common/contract/schemas';
import { formatTime } from '../../shared/format/format';
import { useActivityStore } from './activity-store';
import { progressOf } from './activity-model';
import { activityTestIds } from './test-ids';

const STATE_LABEL: Readonly<Record<ActivityItem['state'], string>> = { running: 'Running', succeeded: 'Done', failed: 'Failed' };

/**
 * The activity panel: what the app is busy with and just was (creates, uploads, actions, bulk actions) with progress
 * and outcome, live. A non-modal side panel: focus moves into it when it opens, Escape closes it and focus goes back
 * to the button that opened it.
 */
export function ActivityPanel(props: { readonly onClose: () => void }) {
  const items = useActivityStore((s) => s.items);
  const error = useActivityStore((s) => s.error);
  const panelRef = useRef<HTMLElement>(null);
  useEffect(() => {
    panelRef.current?.focus();
  }, []);
  return (
    <aside
      ref={panelRef}
      className="activity"
      tabIndex={-1}
      aria-labelledby="activity-title"
      data-testid={activityTestIds.panel}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        props.onClose();
      }}
    >
      <div className="activity__head">
        <h2 className="activity__title" id="activity-title">
          Activity
        </h2>
        <button type="button" className="link-button" data-testid={activityTestIds.close} onClick={props.onClose}>
          Close
        </button>
      </div>
      {error !== null && (
        <div className="banner banner--error" role="alert">
          The activity could not be loaded: {error}
        </div>
      )}
      {items !== null && items.length === 0 && (
        <p className="muted activity__empty" data-testid={activityTestIds.empty}>
          Nothing running, nothing recent. Creates, uploads and actions on instances show here while they run and for a while after.
        </p>
      )}
      {items === null && error === null && <p className="muted activity__empty">Loading…</p>}
      {items !== null && items.length > 0 && (
        <ul className="activity__list" data-testid={activityTestIds.list} aria-live="polite">
          {items.map((item) => (
            <ActivityRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </aside>
  );
}

function ActivityRow({ item }: { readonly item: ActivityItem }) {
  const progress = progressOf(item);
  return (
    <li className={`activity-item activity-item--${item.state}`} data-testid={activityTestIds.item(item.id)} data-state={item.state} data-kind={item.kind} tabIndex={0}>
      <div className="activity-item__line">
        <span className="activity-item__title">{item.title}</span>
        <span className={`activity-item__state activity-item__state--${item.state}`}>
          {item.state === 'running' && <span className="activity__spinner" aria-hidden="true" />}
          {STATE_LABEL[item.state]}
        </span>
      </div>
      {progress !== null && (
        <div className="activity-item__progress">
          <progress max={1} value={progress.fraction ?? undefined} aria-label={`${item.title}: ${progress.text}`} />
          <span className="muted">{progress.text}</span>
        </div>
      )}
      {item.message !== null && <div className="activity-item__message">{item.message}</div>}
      <div className="activity-item__time muted">
        {item.kind} · started {formatTime(item.startedAt)}
        {item.finishedAt !== null && ` · finished ${formatTime(item.finishedAt)}`}
      </div>
    </li>
  );
}
