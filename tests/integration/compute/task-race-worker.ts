// One process of the task race (see tasks-concurrency.test.ts): its own connection to the shared inventory file;
// for each "go <uuid>" line on stdin it tries to start its action on that instance and reports the outcome.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { InstanceAction } from '../../../common/compute/instance-actions';
import type { TaskState } from '../../../common/model/instance-states';
import { beginTask } from '../../../main/compute/tasks';
import { openSqliteStore } from '../../../main/inventory/sqlite/store';

const [file, action, taskState, worker] = process.argv.slice(2);
if (!file || !action || !taskState || !worker) {
  process.stderr.write('usage: task-race-worker <db file> <action> <task state> <worker id>\n');
  process.exit(2);
}

const report = (message: unknown): void => {
  writeSync(1, `${JSON.stringify(message)}\n`);
};

const store = openSqliteStore({ file });
report({ type: 'ready' });
for await (const line of createInterface({ input: process.stdin })) {
  const [word, uuid] = line.trim().split(' ');
  if (word === 'done') break;
  if (word !== 'go' || uuid === undefined) continue;
  try {
    const task = beginTask(store, uuid, { action: action as InstanceAction, taskState: taskState as TaskState, event: `race_${action}` }, `worker-${worker}`);
    report({ type: 'begin', uuid, worker, ok: true, actionId: task.actionId });
  } catch (error) {
    report({ type: 'begin', uuid, worker, ok: false, error: (error as Error).name, message: (error as Error).message });
  }
}
store.close();
