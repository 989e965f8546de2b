import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../main/inventory/errors';
import { readSetting, settingsService } from '../../../main/settings/settings';
import { useTempStore } from '../inventory/helpers';

describe('settings', () => {
  const tempStore = useTempStore();

  it('lists every setting with its default until one is set, and back to the default with null', () => {
    const store = tempStore();
    const settings = settingsService(store);
    expect(settings.list().map((s) => [s.key, s.value, s.isDefault])).toEqual([
      ['reclaim_instance_interval', 0, true],
      ['stop_timeout_seconds', 60, true],
      ['virt_type', 'auto', true],
    ]);
    expect(settings.set('reclaim_instance_interval', 3600)).toMatchObject({ value: 3600, isDefault: false, defaultValue: 0, unit: 'seconds' });
    expect(store.read((repos) => readSetting(repos, 'reclaim_instance_interval'))).toBe(3600);
    expect(settings.set('reclaim_instance_interval', null)).toMatchObject({ value: 0, isDefault: true });
    expect(store.settings.get('reclaim_instance_interval')).toBeUndefined();
  });

  it('refuses unknown keys and values out of range, naming the problem', () => {
    const settings = settingsService(tempStore());
    expect(() => settings.set('reclaim_interval', 1)).toThrow(new InvalidInputError('Unknown setting reclaim_interval (known: reclaim_instance_interval, stop_timeout_seconds, virt_type)'));
    expect(() => settings.get('nope')).toThrow(InvalidInputError);
    expect(() => settings.set('stop_timeout_seconds', 0)).toThrow('stop_timeout_seconds must be between 1 and 3600 seconds, not 0');
    expect(() => settings.set('stop_timeout_seconds', 1.5)).toThrow('stop_timeout_seconds must be a whole number of seconds');
  });

  it('reads a value stored by hand that breaks the rules as the default', () => {
    const store = tempStore();
    store.settings.set('stop_timeout_seconds', 'soon');
    expect(store.read((repos) => readSetting(repos, 'stop_timeout_seconds'))).toBe(60);
    expect(settingsService(store).get('stop_timeout_seconds')).toMatchObject({ value: 60, isDefault: true });
  });

  it('takes choice settings as one of their words (virt_type: auto, kvm, qemu)', () => {
    const store = tempStore();
    const settings = settingsService(store);
    expect(settings.get('virt_type')).toMatchObject({ kind: 'choice', value: 'auto', isDefault: true, choices: ['auto', 'kvm', 'qemu'] });
    expect(settings.set('virt_type', 'qemu')).toMatchObject({ value: 'qemu', isDefault: false });
    expect(store.read((repos) => readSetting(repos, 'virt_type'))).toBe('qemu');
    expect(() => settings.set('virt_type', 'xen')).toThrow('virt_type must be one of auto, kvm, qemu, not "xen"');
    expect(() => settings.set('virt_type', 3)).toThrow('virt_type must be one of auto, kvm, qemu, not 3');
    expect(() => settings.set('stop_timeout_seconds', 'soon')).toThrow('stop_timeout_seconds must be a whole number of seconds');
  });
});
