import { describe, expect, it } from 'vitest';
import { canonicalArch, canonicalHypervisorType } from '../../../../main/placement/index';
import { host, request, runFilter } from '../fixtures';

const x86qemu = host('x86-qemu');
const x86kvm = host('x86-kvm', { hypervisorType: 'kvm' });
const arm = host('arm', { cpuArch: 'aarch64' });

describe('ImagePropertiesFilter', () => {
  it('passes every host when the image sets no properties', () => {
    expect(runFilter('ImagePropertiesFilter', request({ image: {} }), [x86qemu, arm])).toEqual([null, null]);
    expect(runFilter('ImagePropertiesFilter', request({ image: null }), [x86qemu, arm])).toEqual([null, null]);
  });

  it('matches the architecture after canonicalizing (amd64 = x86_64)', () => {
    expect(runFilter('ImagePropertiesFilter', request({ image: { architecture: 'amd64' } }), [x86qemu, arm])).toEqual([
      null,
      'image needs architecture "x86_64", host is "aarch64"',
    ]);
  });

  it('matches the hypervisor type; a KVM host also runs plain QEMU', () => {
    const qemuImage = request({ image: { hypervisorType: 'QEMU' } });
    const kvmImage = request({ image: { hypervisorType: 'kvm' } });
    expect(runFilter('ImagePropertiesFilter', qemuImage, [x86qemu, x86kvm])).toEqual([null, null]);
    expect(runFilter('ImagePropertiesFilter', kvmImage, [x86qemu, x86kvm])).toEqual([
      'image needs hypervisor type "kvm", host runs "qemu"',
      null,
    ]);
  });

  it('reports both mismatches at once', () => {
    const both = request({ image: { architecture: 'x86_64', hypervisorType: 'kvm' } });
    expect(runFilter('ImagePropertiesFilter', both, [arm])[0]).toBe(
      'image needs architecture "x86_64", host is "aarch64"; image needs hypervisor type "kvm", host runs "qemu"',
    );
  });

  it('canonicalizes like Nova', () => {
    expect(['i386', 'I586', 'x86_32', 'AMD64', 'aarch64'].map(canonicalArch)).toEqual(['i686', 'i686', 'i686', 'x86_64', 'aarch64']);
    expect(['XAPI', 'KVM'].map(canonicalHypervisorType)).toEqual(['xen', 'kvm']);
  });
});
