// Actions asked for through the contract, as activities: a bulk action is one activity counting its instances, a
// single action one activity for its instance. What the UI's activity panel lists beside creates and uploads; the
// lasting record stays the instance action log.
import type { InstanceActionRequest } from '../../common/contract/compute-schemas';
import type { ActivityRegistry } from '../activity';
import type { ActionResult } from '../compute/actions';
import type { BulkResult } from '../compute/compute-service';

/** "Stop 3 instances", "Reboot (hard) web". */
export function actionTitle(request: InstanceActionRequest, target: string | number): string {
  const verb = request.action === 'reboot-hard' ? 'Reboot (hard)' : request.action.charAt(0).toUpperCase() + request.action.slice(1).replaceAll('-', ' ');
  return typeof target === 'number' ? `${verb} ${target} instance${target === 1 ? '' : 's'}` : `${verb} ${target}`;
}

/** The instance an action names, when it can be told (else the activity names the reference as given). */
export type InstanceLookup = (ref: string) => { readonly uuid: string; readonly name: string } | null;

/** Run one action as an activity (kind `delete` for deletes, else `action`); the result or error passes through. */
export async function trackAction(activity: ActivityRegistry, ref: string, request: InstanceActionRequest, lookup: InstanceLookup, run: () => Promise<ActionResult>): Promise<ActionResult> {
  const deleting = request.action === 'delete' || request.action === 'force-delete';
  const instance = lookup(ref);
  const handle = activity.start({ kind: deleting ? 'delete' : 'action', title: actionTitle(request, instance?.name ?? ref), refs: instance === null ? {} : { instanceUuid: instance.uuid } });
  try {
    const result = await run();
    // A stop that timed out did not fail, but did not do what was asked either.
    if (result.done) handle.succeed(result.message ?? undefined);
    else handle.fail(result.message ?? 'not done');
    return result;
  } catch (error) {
    handle.fail(error);
    throw error;
  }
}

/** Run a bulk action as one activity: steps are the instances answered so far; it fails when any did not succeed. */
export async function trackBulk(
  activity: ActivityRegistry,
  refs: readonly string[],
  request: InstanceActionRequest,
  run: (onEach: (result: BulkResult) => void) => Promise<BulkResult[]>,
): Promise<BulkResult[]> {
  const of = new Set(refs).size;
  const handle = activity.start({ kind: 'bulk', title: actionTitle(request, of) });
  handle.progress({ kind: 'steps', step: 0, of });
  let answered = 0;
  let results: BulkResult[];
  try {
    results = await run(() => handle.progress({ kind: 'steps', step: ++answered, of }));
  } catch (error) {
    handle.fail(error);
    throw error;
  }
  const done = results.filter((r) => r.ok && r.result.done).length;
  const summary = `${done} of ${of} done${done < of ? `, ${of - done} refused or not done` : ''}`;
  if (done === of) handle.succeed(summary);
  else handle.fail(summary);
  return results;
}
