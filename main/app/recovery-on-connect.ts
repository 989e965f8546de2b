import type { HostConnections } from '../compute/host-access';
import { recoverInterruptedWork, recoverLocal } from '../compute/recovery';
import type { InventoryStore } from '../inventory/repositories';

/** Runs recovery for each host as its session comes up. */
export interface RecoveryOnConnect {
  /** Tell it a host's session is up (from the host manager's state changes). */
  hostUp(hostId: string): void;
  /** Wait for the runs in flight (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * Recovery in the app: the local part once at start, then each host's part whenever its session comes up — at
 * start, and after every reconnect, so a host that was down when the app started is recovered when it returns.
 * Runs of one host never overlap; an "up" during a run queues one more.
 */
export function recoveryOnConnect(store: InventoryStore, hosts: HostConnections, options: { readonly dataDir: string; readonly log: (message: string) => void }): RecoveryOnConnect {
  const running = new Map<string, { again: boolean; done: Promise<void> }>();
  try {
    recoverLocal(store, { dataDir: options.dataDir, log: options.log });
  } catch (error) {
    options.log(`recovery: the local part failed: ${(error as Error).message}`);
  }
  const run = async (hostId: string, entry: { again: boolean }): Promise<void> => {
    do {
      entry.again = false;
      try {
        await recoverInterruptedWork(store, hosts, { hostIds: [hostId], local: false, log: options.log });
      } catch (error) {
        options.log(`recovery: host ${hostId}: ${(error as Error).message}`);
      }
    } while (entry.again);
    running.delete(hostId);
  };
  return {
    hostUp(hostId) {
      const current = running.get(hostId);
      if (current !== undefined) {
        current.again = true;
        return;
      }
      const entry = { again: false, done: Promise.resolve() };
      running.set(hostId, entry);
      entry.done = run(hostId, entry);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()].map((entry) => entry.done));
    },
  };
}
