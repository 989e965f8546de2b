import type { HostFilter } from '../filter';
import type { HostState } from '../types';

/** Canonical architecture name, as Nova's `Architecture.canonicalize` (i386…i586 → i686, amd64 → x86_64). */
export function canonicalArch(name: string): string {
  const arch = name.toLowerCase();
  if (arch === 'i386' || arch === 'i486' || arch === 'i586' || arch === 'x86_32' || arch === 'x86_32p') return 'i686';
  if (arch === 'amd64') return 'x86_64';
  return arch;
}

/** Canonical hypervisor type, as Nova's `HVType.canonicalize` (lower case, xapi → xen). */
export function canonicalHypervisorType(name: string): string {
  const hv = name.toLowerCase();
  return hv === 'xapi' ? 'xen' : hv;
}

/** Whether a host of this hypervisor type runs `wanted` (canonical): a KVM host also runs plain QEMU (libvirt lists both domain types). */
function runsHypervisorType(hostType: string, wanted: string): boolean {
  const hv = canonicalHypervisorType(hostType);
  return hv === wanted || (hv === 'kvm' && wanted === 'qemu');
}

/** ImagePropertiesFilter: the image's architecture and hypervisor type, when set, must be supported by the host. */
export const imagePropertiesFilter: HostFilter = {
  name: 'ImagePropertiesFilter',
  prepare({ request, hosts }) {
    const arch = request.image?.architecture ? canonicalArch(request.image.architecture) : null;
    const hv = request.image?.hypervisorType ? canonicalHypervisorType(request.image.hypervisorType) : null;
    if (!arch && !hv) return undefined;
    // Exact matches first: canonicalizing allocates, and most hosts report the canonical name already.
    const archFails = (h: HostState): boolean => arch !== null && h.cpuArch !== arch && canonicalArch(h.cpuArch) !== arch;
    const wantsQemu = hv === 'qemu';
    const hvFails = (h: HostState): boolean =>
      hv !== null && h.hypervisorType !== hv && !(wantsQemu && h.hypervisorType === 'kvm') && !runsHypervisorType(h.hypervisorType, hv);
    return {
      rejects: (i) => archFails(hosts[i]!) || hvFails(hosts[i]!),
      reason: (i) => {
        const h = hosts[i]!;
        const parts: string[] = [];
        if (archFails(h)) parts.push(`image needs architecture ${JSON.stringify(arch)}, host is ${JSON.stringify(h.cpuArch)}`);
        if (hvFails(h)) parts.push(`image needs hypervisor type ${JSON.stringify(hv)}, host runs ${JSON.stringify(h.hypervisorType)}`);
        return parts.join('; ');
      },
    };
  },
};
