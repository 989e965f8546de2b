// Installation settings: each key the app knows, its default, its bounds and what it does. The settings table stores
// only what an operator changed; every read goes through here, so an unknown key or an out-of-range value stored by
// hand never reaches the code that uses it.
import { InvalidInputError } from '../inventory/errors';
import type { InventoryRepositories, InventoryStore } from '../inventory/repositories';

/** A setting that is a whole number within bounds. */
export interface NumberSettingDefinition {
  readonly kind: 'number';
  readonly key: string;
  readonly description: string;
  /** What the number counts, for display ("seconds"). */
  readonly unit: string;
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
}

/** A setting that is one of a few words. */
export interface ChoiceSettingDefinition {
  readonly kind: 'choice';
  readonly key: string;
  readonly description: string;
  readonly choices: readonly string[];
  readonly defaultValue: string;
}

/** What a setting is. */
export type SettingDefinition = NumberSettingDefinition | ChoiceSettingDefinition;

/** A setting's value. */
export type SettingValue = number | string;

const DAY = 24 * 60 * 60;

/** Every setting, by key. */
export const SETTINGS = {
  reclaim_instance_interval: {
    kind: 'number',
    key: 'reclaim_instance_interval',
    description:
      "Soft delete: how long a deleted instance stays restorable before it is removed for good (Nova's reclaim_instance_interval). 0 deletes at once.",
    unit: 'seconds',
    defaultValue: 0,
    min: 0,
    max: 365 * DAY,
  },
  stop_timeout_seconds: {
    kind: 'number',
    key: 'stop_timeout_seconds',
    description: 'How long a stop (and the graceful part of a reboot or resize) waits for the guest to shut down after the ACPI request.',
    unit: 'seconds',
    defaultValue: 60,
    min: 1,
    max: 3600,
  },
  virt_type: {
    kind: 'choice',
    key: 'virt_type',
    description:
      "Nova's [libvirt] virt_type: the domain type new instances are built with. auto = kvm where the host offers it, else qemu (TCG); qemu forces TCG (hosts whose /dev/kvm is not usable by the qemu user).",
    choices: ['auto', 'kvm', 'qemu'],
    defaultValue: 'auto',
  },
} as const satisfies Record<string, SettingDefinition>;

/** A setting's key. */
export type SettingKey = keyof typeof SETTINGS;

/** A setting as shown: its definition and its value now (`isDefault`: no value was set, the default applies). */
export type SettingView =
  | (NumberSettingDefinition & { readonly value: number; readonly isDefault: boolean })
  | (ChoiceSettingDefinition & { readonly value: string; readonly isDefault: boolean });

/** Whether `key` names a setting. */
export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

function definition(key: string): SettingDefinition {
  if (!isSettingKey(key)) throw new InvalidInputError(`Unknown setting ${key} (known: ${Object.keys(SETTINGS).join(', ')})`);
  return SETTINGS[key];
}

/** The problem with a value for a setting, or null when it is valid. */
function problem(def: SettingDefinition, value: unknown): string | null {
  if (def.kind === 'choice') {
    return typeof value === 'string' && def.choices.includes(value) ? null : `${def.key} must be one of ${def.choices.join(', ')}, not ${JSON.stringify(value)}`;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${def.key} must be a whole number of ${def.unit}`;
  if (value < def.min || value > def.max) return `${def.key} must be between ${def.min} and ${def.max} ${def.unit}, not ${value}`;
  return null;
}

/** Keys of the number settings. */
type NumberKey = { [K in SettingKey]: (typeof SETTINGS)[K]['kind'] extends 'number' ? K : never }[SettingKey];
/** Keys of the choice settings. */
type ChoiceKey = Exclude<SettingKey, NumberKey>;

/** A setting's value inside a transaction: the stored one when valid, else the default. */
export function readSetting(repos: Pick<InventoryRepositories, 'settings'>, key: NumberKey): number;
export function readSetting(repos: Pick<InventoryRepositories, 'settings'>, key: ChoiceKey): string;
export function readSetting(repos: Pick<InventoryRepositories, 'settings'>, key: SettingKey): SettingValue {
  const def: SettingDefinition = SETTINGS[key];
  const stored = repos.settings.get(key);
  return stored !== undefined && problem(def, stored) === null ? (stored as SettingValue) : def.defaultValue;
}

function view(repos: Pick<InventoryRepositories, 'settings'>, def: SettingDefinition): SettingView {
  const stored = repos.settings.get(def.key);
  const valid = stored !== undefined && problem(def, stored) === null;
  return def.kind === 'number'
    ? { ...def, value: valid ? (stored as number) : def.defaultValue, isDefault: !valid }
    : { ...def, value: valid ? (stored as string) : def.defaultValue, isDefault: !valid };
}

/** Reading and changing settings. */
export interface SettingsService {
  list(): SettingView[];
  get(key: string): SettingView;
  /** Set a value (checked against the setting's bounds or choices); null returns the setting to its default. */
  set(key: string, value: SettingValue | null): SettingView;
}

/** Settings over a store. */
export function settingsService(store: InventoryStore): SettingsService {
  return {
    list: () => store.read((repos) => Object.values(SETTINGS).map((def: SettingDefinition) => view(repos, def))),
    get: (key) => store.read((repos) => view(repos, definition(key))),
    set(key, value) {
      const def = definition(key);
      if (value !== null) {
        const why = problem(def, value);
        if (why !== null) throw new InvalidInputError(why);
      }
      return store.write((repos) => {
        if (value === null) repos.settings.clear(def.key);
        else repos.settings.set(def.key, value);
        return view(repos, def);
      });
    },
  };
}
