// What the Force off tests share: main with a running instance `a` and a stopped one `b`, the connection attached.
import type { Instance } from '../../../../../../common/contract/schemas';
import { useActionsUiStore } from '../../../../../../renderer/features/instances/actions/actions-ui-store';
import type { SummaryLine } from '../../../../../../renderer/features/instances/actions/action-summary';
import { useConnectionStore } from '../../../../../../renderer/shared/stores/connection-store';
import { useInstanceActionsStore } from '../../../../../../renderer/shared/stores/instance-actions-store';
import { useInstancesStore } from '../../../../../../renderer/shared/stores/instances-store';
import { resetStore, type MainFixture } from '../../../main-backend';

/** Reset the stores Force off reads. */
export function resetForceOffStores(): void {
  for (const store of [useInstancesStore, useInstanceActionsStore, useConnectionStore, useActionsUiStore]) resetStore(store as never);
}

/** A running `a`, a stopped `b`, both loaded, the connection attached. */
export async function runningAndStopped(main: MainFixture): Promise<{ a: Instance; b: Instance }> {
  const a = await main.addInstance(null, { name: 'a' });
  const b = await main.addInstance(null, { name: 'b', vmState: 'stopped', powerState: 4 });
  useConnectionStore.getState().attach(main.backend);
  await useInstancesStore.getState().load();
  return { a, b };
}

/** A stop that timed out on `instance`, offering Force off. */
export const timedOut = (instance: Instance): SummaryLine => ({ uuid: instance.uuid, name: instance.name, message: 'The guest did not stop in time', offer: 'force-stop' });
