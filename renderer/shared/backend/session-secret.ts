const STORAGE_KEY = 'virt-deck.session-secret';

/**
 * The web mode session secret: taken from the URL fragment (`#secret=…`) and removed from the address bar at once,
 * so it is not left in screenshots or copied links. Kept in sessionStorage (this tab, this origin only; never sent
 * anywhere, unlike a cookie) so a reload still works. Null when there is none.
 */
export function takeSessionSecret(location: Location, history: History, storage: Storage): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('secret');
  if (fromHash) {
    storage.setItem(STORAGE_KEY, fromHash);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  return storage.getItem(STORAGE_KEY);
}

/** Forget a secret the server refused (it changes on every start). */
export function forgetSessionSecret(storage: Storage): void {
  storage.removeItem(STORAGE_KEY);
}
