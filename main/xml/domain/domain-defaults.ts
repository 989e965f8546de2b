import type { DomainXml } from './domain';

/** Architectures where ACPI and APIC are the norm (what virt-install turns on). */
const X86 = new Set(['x86_64', 'i686']);

/**
 * Fill what the app leaves to defaults, in a step of its own after the declared values are set (virt-manager's
 * `set_defaults`): only unset parts are touched, so a caller's explicit choice always wins. Mirrors what Nova's
 * libvirt driver writes: ACPI/APIC on x86, UTC clock, destroy/restart/destroy, host-model CPU under KVM, a VGA
 * card when there is a display, virtio NICs, the qemu disk driver.
 */
export function applyDomainDefaults(domain: DomainXml): void {
  const os = domain.os;
  os.type ??= 'hvm';
  if (os.bootDevices.length === 0 && os.kernel === null) os.bootDevices = ['hd'];
  if (os.arch !== null && X86.has(os.arch) && !domain.features.exists) {
    domain.features.set('acpi', true);
    domain.features.set('apic', true);
  }
  if (domain.type === 'kvm') domain.cpuMode ??= 'host-model';
  domain.clockOffset ??= 'utc';
  domain.onPoweroff ??= 'destroy';
  domain.onReboot ??= 'restart';
  domain.onCrash ??= 'destroy';
  if (domain.memory !== null) domain.currentMemory ??= domain.memory;
  for (const disk of domain.disks) {
    if (disk.driverType !== null) disk.driverName ??= 'qemu';
  }
  for (const nic of domain.interfaces) nic.model ??= 'virtio';
  if (domain.graphics.length > 0 && domain.videos.length === 0) domain.videos.add().model = os.arch !== null && X86.has(os.arch) ? 'vga' : 'virtio';
}
