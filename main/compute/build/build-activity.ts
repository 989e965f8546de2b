// Each build as an activity (kind `create`): a step count through the task states, the reschedules as messages,
// and its end — what the UI's tasks panel shows while the rows move through the change feed.
import type { ActivityHandle, ActivityRegistry } from '../../activity';
import type { InstanceRecord } from '../../inventory/model';
import type { BuildEvent } from './deps';
import { BUILD_STEPS } from './errors';

/** Start one activity per claimed instance; returns the listener that reports the builds' events on them. */
export function buildActivities(registry: ActivityRegistry, instances: readonly InstanceRecord[]): (event: BuildEvent) => void {
  const of = BUILD_STEPS.length;
  const handles = new Map<string, ActivityHandle>(
    instances.map((instance) => {
      const handle = registry.start({ kind: 'create', title: `Create instance ${instance.name}`, refs: { instanceUuid: instance.uuid, ...(instance.hostId === null ? {} : { hostId: instance.hostId }) }, message: 'scheduling' });
      handle.progress({ kind: 'steps', step: 0, of });
      return [instance.uuid, handle];
    }),
  );
  return (event) => {
    const handle = handles.get(event.uuid);
    if (handle === undefined) return;
    switch (event.kind) {
      case 'task':
        handle.progress({ kind: 'steps', step: BUILD_STEPS.indexOf(event.taskState), of }, `${event.taskState} on ${event.host}`);
        break;
      case 'reschedule':
        handle.progress({ kind: 'steps', step: 0, of }, `rescheduled from ${event.from} to ${event.to}: ${event.reason}`);
        break;
      case 'active':
        handle.succeed('active');
        break;
      case 'error':
        handle.fail(event.fault.message);
        break;
      case 'upload':
        break;
    }
  };
}
