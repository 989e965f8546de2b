import { describe, expect, it } from 'vitest';
import { MAX_PROPERTIES, placementImageProperties, validateImageProperties } from '../../../main/images/properties';

describe('validateImageProperties', () => {
  it('keeps known and unknown properties with valid values', () => {
    const props = { os_type: 'windows', hw_disk_bus: 'sata', hw_vif_model: 'e1000', os_distro: 'debian', 'custom:tag': 'x y z' };
    expect(validateImageProperties(props)).toEqual(props);
  });

  it('lists every problem at once', () => {
    expect(() => validateImageProperties({ hw_disk_bus: 'floppy', 'bad key': 'x', checksum: 'abc', min_ram: '5', hw_firmware_type: 'uefi', note: 'a\u202eb' })).toThrow(
      /hw_disk_bus must be one of virtio, scsi, sata, ide, usb.*property name "bad key".*checksum is an attribute of the image.*min_ram is an attribute of the image, not a property \(use --min-ram\).*property note must not contain control characters/,
    );
  });

  it('bounds keys, values and the number of properties', () => {
    expect(() => validateImageProperties({ ['k'.repeat(256)]: 'v' })).toThrow(/property name/);
    expect(() => validateImageProperties({ k: 'v'.repeat(256) })).toThrow(/at most 255 characters/);
    const many = Object.fromEntries(Array.from({ length: MAX_PROPERTIES + 1 }, (_, i) => [`p${i}`, 'v']));
    expect(() => validateImageProperties(many)).toThrow(/at most 128 properties/);
  });
});

describe('placementImageProperties', () => {
  it('reads hw_architecture / img_hv_type, falling back to the older names', () => {
    expect(placementImageProperties({ hw_architecture: 'aarch64', img_hv_type: 'kvm' })).toEqual({ architecture: 'aarch64', hypervisorType: 'kvm' });
    expect(placementImageProperties({ architecture: 'x86_64', hypervisor_type: 'qemu' })).toEqual({ architecture: 'x86_64', hypervisorType: 'qemu' });
    expect(placementImageProperties({})).toEqual({});
  });
});
