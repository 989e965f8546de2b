import type { InstanceActionLog } from '../../../../common/contract/compute-schemas';
import { formatTime } from '../../../shared/format/format';
import type { Loaded } from '../instance-detail-store';
import { detailTestIds } from '../test-ids';

/** An action's outcome from its events: an Error event makes it an error; unfinished, it is running. */
export function actionOutcome(action: InstanceActionLog): 'Success' | 'Error' | 'Running' {
  if (action.events.some((event) => event.result === 'Error')) return 'Error';
  if (action.finishTime === null || action.events.some((event) => event.finishTime === null)) return 'Running';
  return 'Success';
}

function Outcome(props: { readonly result: string | null }) {
  const result = props.result ?? 'Running';
  return <span className={`detail__result detail__result--${result.toLowerCase()}`}>{result}</span>;
}

/** The Action log tab: each action (newest first) with its events, times and results, as `nova instance-action`. */
export function ActionLogTab(props: { readonly log: Loaded<InstanceActionLog[]> }) {
  const { value, error, loading } = props.log;
  return (
    <div data-testid={detailTestIds.actionLog}>
      {error !== null && (
        <p className="banner banner--error" role="alert">
          The action log cannot be read: {error}
        </p>
      )}
      {value === null && error === null && <p className="muted detail__note">{loading ? 'Loading the action log…' : 'Not loaded yet.'}</p>}
      {value?.length === 0 && (
        <p className="muted detail__note" data-testid={detailTestIds.actionLogEmpty}>
          No actions yet: starts, stops, reboots and other actions on this instance are logged here.
        </p>
      )}
      {value !== null && value.length > 0 && (
        <table className="table detail__actions-log">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Result</th>
              <th scope="col">Message / request</th>
            </tr>
          </thead>
          {value.map((action) => (
            <tbody key={action.requestId} data-testid={detailTestIds.action(action.requestId)} data-action={action.action}>
              <tr className="detail__action">
                <td className="detail__action-name">{action.action}</td>
                <td className="detail__time">{formatTime(action.startTime)}</td>
                <td className="detail__time">{formatTime(action.finishTime, '-')}</td>
                <td>
                  <Outcome result={actionOutcome(action)} />
                </td>
                <td>
                  {action.message !== null && <span>{action.message} </span>}
                  <code className="id">{action.requestId}</code>
                </td>
              </tr>
              {action.events.map((event, index) => (
                // Events have no id; their order (by start) is stable.
                <tr key={`${event.event}-${index}`} className="detail__event" data-testid={detailTestIds.actionEvent}>
                  <td className="detail__event-name">↳ {event.event}</td>
                  <td className="detail__time">{formatTime(event.startTime)}</td>
                  <td className="detail__time">{formatTime(event.finishTime, '-')}</td>
                  <td>
                    <Outcome result={event.result} />
                  </td>
                  <td>
                    {event.host !== null && <span className="muted">on {event.host}</span>}
                    {event.traceback !== null && <pre className="detail__traceback">{event.traceback}</pre>}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
      {loading && value !== null && <p className="muted detail__note">Refreshing…</p>}
    </div>
  );
}
