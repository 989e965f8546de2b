// Which Virt Deck installation built a domain. Written into each domain's metadata (`createdBy`), so two
// installations that share a host never take each other's domains for their own orphans.
import { randomUUID } from 'node:crypto';
import type { InventoryStore } from '../inventory/repositories';

/** Settings key of the installation id. */
export const INSTALLATION_ID_SETTING = 'installation_id';

/** This inventory's installation id, created on first use (a random UUID kept in settings). */
export function installationId(store: InventoryStore): string {
  const existing = store.read((repos) => repos.settings.get(INSTALLATION_ID_SETTING));
  if (typeof existing === 'string') return existing;
  return store.write((repos) => {
    const current = repos.settings.get(INSTALLATION_ID_SETTING);
    if (typeof current === 'string') return current;
    const id = randomUUID();
    repos.settings.set(INSTALLATION_ID_SETTING, id);
    return id;
  });
}
