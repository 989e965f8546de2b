/** How the NoCloud seed is attached to a boot-image domain. */
export interface BootImageSeed {
  readonly path: string;
  /** `cdrom`: an IDE cdrom (as Nova attaches config drives); `disk`: a read-only virtio disk. Default cdrom. */
  readonly attachAs?: 'cdrom' | 'disk';
}

/** What {@link bootImageDomainXml} describes. */
export interface BootImageDomainOptions {
  /** A `vd-lab-*` name (the lab's `down` removes those). */
  readonly name: string;
  /** The boot disk: usually a qcow2 overlay whose backing file is `LabInfo.bootImage.path`. */
  readonly diskPath: string;
  readonly diskFormat?: 'qcow2' | 'raw';
  readonly seed?: BootImageSeed;
  /** File the serial console is logged to (virtlogd writes it). */
  readonly consoleLogPath: string;
  /** Default 128 MiB. */
  readonly memoryMiB?: number;
}

/**
 * The devices every lab guest has, inside `<devices>`: a serial console logged to `logPath` (already
 * escaped), VNC on 127.0.0.1 with autoport, a VGA card, no balloon.
 */
export function consoleDevicesXml(logPath: string): string {
  return `    <serial type='pty'>
      <log file='${logPath}' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>
    <video>
      <model type='vga'/>
    </video>
    <memballoon model='none'/>
`;
}

function attribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll("'", '&apos;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Domain XML that boots the lab's boot image from a virtio disk through SeaBIOS and syslinux: TCG,
 * one vCPU, ACPI (so `virsh shutdown` reaches the guest's power button handler), VNC on 127.0.0.1
 * (autoport), serial console logged to a file, the seed as a cdrom or disk.
 */
export function bootImageDomainXml(options: BootImageDomainOptions): string {
  if (!/^vd-lab-[A-Za-z0-9_.-]+$/.test(options.name)) throw new Error(`Boot image domain name must start with vd-lab- and be plain: ${JSON.stringify(options.name)}`);
  const seed = options.seed;
  const seedXml =
    seed === undefined
      ? ''
      : seed.attachAs === 'disk'
        ? `    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='${attribute(seed.path)}'/>
      <target dev='vdb' bus='virtio'/>
      <readonly/>
    </disk>
`
        : `    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='${attribute(seed.path)}'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
`;
  return `<domain type='qemu'>
  <name>${options.name}</name>
  <title>Virt Deck lab boot image</title>
  <memory unit='MiB'>${options.memoryMiB ?? 128}</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <boot dev='hd'/>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='${options.diskFormat ?? 'qcow2'}'/>
      <source file='${attribute(options.diskPath)}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
${seedXml}${consoleDevicesXml(attribute(options.consoleLogPath))}  </devices>
</domain>
`;
}
