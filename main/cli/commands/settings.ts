import { isSettingKey, SETTINGS, settingsService, type SettingValue, type SettingView } from '../../settings/settings';
import { UsageError } from '../args';
import type { CommandSpec } from '../command';
import { formatTable, type Cell } from '../table';

const HEADERS = ['Key', 'Value', 'Default', 'Unit / choices', 'Description'];

const row = (s: SettingView): Cell[] => [s.key, s.value, s.isDefault ? `${s.defaultValue} (in use)` : s.defaultValue, s.kind === 'number' ? s.unit : s.choices.join('|'), s.description];

/**
 * A value as typed, read the way its setting is: a whole number for a number setting, a word for a choice setting,
 * or `default` to return to the default. A word where a number belongs is a mistake on the command line (usage);
 * an unknown key or a value out of bounds is left to the service, which names the bounds or the choices.
 */
function parseValue(key: string, text: string): SettingValue | null {
  if (text === 'default') return null;
  const kind = isSettingKey(key) ? SETTINGS[key].kind : undefined;
  if (kind === 'number' && !/^\d+$/.test(text)) throw new UsageError(`${key} is a whole number or 'default' (got ${JSON.stringify(text)})`, ['settings', 'set']);
  if (kind !== 'choice' && /^\d+$/.test(text)) return Number(text);
  if (/^[a-z][a-z0-9_-]{0,31}$/.test(text)) return text;
  throw new UsageError(`a setting's value is a whole number, a word, or 'default' (got ${JSON.stringify(text)})`, ['settings', 'set']);
}

/** `settings get|set`. */
export const SETTINGS_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['settings', 'get'],
    readOnly: true,
    summary: 'Show the installation settings (or one of them).',
    positionals: [{ name: 'key', description: 'One setting.', optional: true }],
    run(context, args) {
      const settings = settingsService(context.inventory().store);
      const key = args.positionals[0];
      const list = key === undefined ? settings.list() : [settings.get(key)];
      return { text: formatTable(HEADERS, list.map(row)), json: list };
    },
  },
  {
    words: ['settings', 'set'],
    summary: 'Change an installation setting (`default` returns it to its default).',
    positionals: [
      { name: 'key', description: 'reclaim_instance_interval, stop_timeout_seconds or virt_type.' },
      { name: 'value', description: "A whole number (or auto|kvm|qemu for virt_type), or 'default'." },
    ],
    details:
      'reclaim_instance_interval: seconds a deleted instance stays restorable (0 = delete at once). stop_timeout_seconds: how long a stop waits for the guest. virt_type: auto, kvm or qemu (TCG) for new instances.',
    run(context, args) {
      const setting = settingsService(context.inventory().store).set(args.positionals[0] as string, parseValue(args.positionals[0] as string, args.positionals[1] as string));
      return { text: formatTable(HEADERS, [row(setting)]), json: setting };
    },
  },
];
