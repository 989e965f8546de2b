import { useRef } from 'react';
import { useActivityStore } from './activity-store';
import { runningCount } from './activity-model';
import { ActivityPanel } from './ActivityPanel';
import { activityTestIds } from './test-ids';
import './activity.css';

/** The header's Activity button (with how many are running) and the panel it opens. */
export function ActivityButton() {
  const running = useActivityStore((s) => runningCount(s.items));
  const open = useActivityStore((s) => s.open);
  const setOpen = useActivityStore((s) => s.setOpen);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="activity-button"
        data-testid={activityTestIds.button}
        data-running={running}
        aria-expanded={open}
        aria-label={running === 0 ? 'Activity' : `Activity, ${running} running`}
        title="Running and recent tasks"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Activity
        {running > 0 && <span className="activity-button__count">{running}</span>}
      </button>
      {open && <ActivityPanel onClose={close} />}
    </>
  );
}
