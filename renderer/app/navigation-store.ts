import { create } from 'zustand';
import { storedValue, webStorage } from '../shared/storage/stored-value';

/** A sidebar section. */
export type SectionId = 'overview' | 'instances' | 'hosts' | 'flavors' | 'projects' | 'images' | 'keypairs';

/** A sidebar entry; unavailable ones are shown disabled with the reason, never with made-up data. */
export interface Section {
  readonly id: SectionId;
  readonly label: string;
  /** Null when the section works; otherwise why not. */
  readonly unavailable: string | null;
}

/** Every section, in sidebar order. */
export const SECTIONS: readonly Section[] = [
  { id: 'overview', label: 'Overview', unavailable: null },
  { id: 'instances', label: 'Instances', unavailable: null },
  { id: 'hosts', label: 'Hosts', unavailable: null },
  { id: 'flavors', label: 'Flavors', unavailable: null },
  { id: 'projects', label: 'Projects', unavailable: null },
  { id: 'images', label: 'Images', unavailable: null },
  { id: 'keypairs', label: 'Key pairs', unavailable: null },
];

/** Which section the main area shows. */
export interface NavigationStore {
  readonly section: SectionId;
  /** Show a section; unavailable sections are refused. */
  select(section: SectionId): void;
}

const isAvailable = (section: unknown): section is SectionId => SECTIONS.some((s) => s.id === section && s.unavailable === null);

/** The section shown survives a reload of this tab (a new window starts on the Overview). */
const stored = storedValue<SectionId>({ key: 'virt-deck.section', storage: webStorage('session'), parse: (raw) => (isAvailable(raw) ? raw : null) });

/** The navigation store. */
export const useNavigationStore = create<NavigationStore>()((set) => ({
  section: stored.read() ?? 'overview',
  select(section) {
    if (!isAvailable(section)) return;
    set({ section });
    stored.write(section);
  },
}));
