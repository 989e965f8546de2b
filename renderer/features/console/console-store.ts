import { create } from 'zustand';
import type { ConsoleKind } from '../../../common/contract/console-wire';

/** Where a console is. */
export type ConsoleState = 'connecting' | 'connected' | 'disconnected' | 'failed';

/** How long each step of opening a console took (ms since the double-click), for the status line and the bench. */
export interface ConsoleTimings {
  /** The viewer (noVNC or xterm.js, loaded on demand) is ready and asks for the console. */
  readonly viewer?: number;
  /** `console.open` answered: the token is issued. */
  readonly token?: number;
  /** The transport is open and main's tunnel reached the console. */
  readonly channel?: number;
  /** VNC handshake done (noVNC's `connect`); for serial, the same as `channel`. */
  readonly connected?: number;
  /** The first frame is on the canvas (first output, for serial). */
  readonly firstFrame?: number;
}

/** One console tab. */
export interface ConsoleTab {
  /** `<uuid>:<kind>`: one tab per instance and kind. */
  readonly id: string;
  readonly instance: { readonly uuid: string; readonly name: string };
  readonly kind: ConsoleKind;
  readonly state: ConsoleState;
  /** Why it is disconnected or failed, or what it is doing while connecting. */
  readonly reason: string | null;
  /** Reconnect attempts since the last time it was connected. */
  readonly attempt: number;
  /** How main reaches it (after the first `console.open`). */
  readonly via: 'direct' | 'ssh' | null;
  readonly description: string | null;
  /** `performance.now()` of the request (the double-click), and the steps since. */
  readonly requestedAt: number;
  readonly timings: ConsoleTimings;
  /** Bumped by "Reconnect": the view starts over. */
  readonly generation: number;
}

/** The console tabs of this window. */
export interface ConsoleStore {
  readonly tabs: readonly ConsoleTab[];
  /** The tab shown, or null for the app's screens. */
  readonly active: string | null;
  /** Open (or show again) the console of an instance; `requestedAt` is when the user asked (event time). */
  open(instance: { readonly uuid: string; readonly name: string }, kind: ConsoleKind, requestedAt?: number): string;
  close(id: string): void;
  activate(id: string | null): void;
  /** Change a tab's state (the view's session reports here). */
  update(id: string, patch: Partial<Omit<ConsoleTab, 'id' | 'instance' | 'kind'>>): void;
  /** Start a tab over (user's Reconnect). */
  reconnect(id: string): void;
}

/** The id of an instance's console tab of a kind. */
export const consoleTabId = (uuid: string, kind: ConsoleKind): string => `${uuid}:${kind}`;

/** The console store. */
export const useConsoleStore = create<ConsoleStore>()((set, get) => ({
  tabs: [],
  active: null,
  open(instance, kind, requestedAt = performance.now()) {
    const id = consoleTabId(instance.uuid, kind);
    if (get().tabs.some((tab) => tab.id === id)) {
      set({ active: id });
      return id;
    }
    const tab: ConsoleTab = {
      id,
      instance: { uuid: instance.uuid, name: instance.name },
      kind,
      state: 'connecting',
      reason: null,
      attempt: 0,
      via: null,
      description: null,
      requestedAt,
      timings: {},
      generation: 0,
    };
    set({ tabs: [...get().tabs, tab], active: id });
    return id;
  },
  close(id) {
    const tabs = get().tabs;
    const index = tabs.findIndex((tab) => tab.id === id);
    if (index < 0) return;
    const rest = tabs.filter((tab) => tab.id !== id);
    const active = get().active === id ? (rest[Math.min(index, rest.length - 1)]?.id ?? null) : get().active;
    set({ tabs: rest, active });
  },
  activate(id) {
    if (id === null || get().tabs.some((tab) => tab.id === id)) set({ active: id });
  },
  update(id, patch) {
    set({ tabs: get().tabs.map((tab) => (tab.id === id ? { ...tab, ...patch } : tab)) });
  },
  reconnect(id) {
    set({
      tabs: get().tabs.map((tab) => (tab.id === id ? { ...tab, generation: tab.generation + 1, attempt: 0, state: 'connecting', reason: null, requestedAt: performance.now(), timings: {} } : tab)),
    });
  },
}));
