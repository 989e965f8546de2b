import type { Readable } from 'node:stream';
import { Proc } from './procedures';
import { call, decodeOptionalString, listAll, openReadStream, readBool, readString, u32Flags, withFlags, type FlagsOptions, type ProcOptions } from './procedure-support';
import { DOMAIN_RECORD_MIN_BYTES, decodeDomain, encodeDomain, encodeUuid, type DomainRef } from './records';
import type { RpcChannel } from './rpc/channel';
import { XdrError, type XdrReader } from './xdr';

/**
 * Domain procedures: listing, lookup, definition, lifecycle, state, devices, keys, screenshots and
 * interface addresses. Statistics live in `domain-stats.ts`, migration in `domain-migrate.ts`.
 */

/** Domain states (`virDomainState`). */
export const DomainState = {
  NOSTATE: 0,
  RUNNING: 1,
  BLOCKED: 2,
  PAUSED: 3,
  SHUTDOWN: 4,
  SHUTOFF: 5,
  CRASHED: 6,
  PMSUSPENDED: 7,
} as const;

/** Name of a domain state number ("RUNNING"), or "UNKNOWN(n)" for a value newer than this code. */
export function domainStateName(state: number): string {
  for (const [name, value] of Object.entries(DomainState)) if (value === state) return name;
  return `UNKNOWN(${state})`;
}

/** Filter flags for `CONNECT_LIST_ALL_DOMAINS` (also the filter bits of bulk stats). */
export const ListDomainsFlags = {
  ACTIVE: 1,
  INACTIVE: 2,
  PERSISTENT: 4,
  TRANSIENT: 8,
  RUNNING: 16,
  PAUSED: 32,
  SHUTOFF: 64,
  OTHER: 128,
  MANAGEDSAVE: 256,
  NO_MANAGEDSAVE: 512,
  AUTOSTART: 1024,
  NO_AUTOSTART: 2048,
  HAS_SNAPSHOT: 4096,
  NO_SNAPSHOT: 8192,
  HAS_CHECKPOINT: 16384,
  NO_CHECKPOINT: 32768,
} as const;

/** Flags for `DOMAIN_GET_XML_DESC`. */
export const DomainXmlFlags = { SECURE: 1, INACTIVE: 2, UPDATE_CPU: 4, MIGRATABLE: 8 } as const;

/** Flags for `DOMAIN_DEFINE_XML_FLAGS`. */
export const DefineFlags = { VALIDATE: 1 } as const;

/** Flags for `DOMAIN_UNDEFINE_FLAGS`. */
export const UndefineFlags = {
  MANAGED_SAVE: 1,
  SNAPSHOTS_METADATA: 2,
  NVRAM: 4,
  KEEP_NVRAM: 8,
  CHECKPOINTS_METADATA: 16,
  TPM: 32,
  KEEP_TPM: 64,
} as const;

/** Flags for `DOMAIN_CREATE_WITH_FLAGS`. */
export const CreateFlags = { PAUSED: 1, AUTODESTROY: 2, BYPASS_CACHE: 4, FORCE_BOOT: 8, VALIDATE: 16, RESET_NVRAM: 32 } as const;

/** Flags for `DOMAIN_SHUTDOWN_FLAGS` and `DOMAIN_REBOOT`; 0 lets the hypervisor choose. */
export const ShutdownFlags = { DEFAULT: 0, ACPI_POWER_BTN: 1, GUEST_AGENT: 2, INITCTL: 4, SIGNAL: 8, PARAVIRT: 16 } as const;

/** Flags for `DOMAIN_DESTROY_FLAGS`. */
export const DestroyFlags = { DEFAULT: 0, GRACEFUL: 1, REMOVE_LOGS: 2 } as const;

/** Which definition a change applies to (attach/detach/update device, vcpus, memory). */
export const ModificationImpact = { CURRENT: 0, LIVE: 1, CONFIG: 2 } as const;

/** Extra flags for `DOMAIN_SET_VCPUS_FLAGS` (combine with `ModificationImpact`). */
export const SetVcpusFlags = { MAXIMUM: 4, GUEST: 8, HOTPLUGGABLE: 16 } as const;

/** Extra flags for `DOMAIN_SET_MEMORY_FLAGS` (combine with `ModificationImpact`). */
export const SetMemoryFlags = { MAXIMUM: 4 } as const;

/** Where `DOMAIN_INTERFACE_ADDRESSES` looks for addresses. */
export const InterfaceAddressesSource = { LEASE: 0, AGENT: 1, ARP: 2 } as const;

/** Address families in `domain_ip_addr.type`. */
export const IpAddrType = { IPV4: 0, IPV6: 1 } as const;

/** Key code sets for `DOMAIN_SEND_KEY` (`virKeycodeSet`). */
export const KeycodeSet = {
  LINUX: 0,
  XT: 1,
  ATSET1: 2,
  ATSET2: 3,
  ATSET3: 4,
  OSX: 5,
  XT_KBD: 6,
  USB: 7,
  WIN32: 8,
  QNUM: 9,
} as const;

/** Most key codes one `DOMAIN_SEND_KEY` call may carry. */
export const SEND_KEY_MAX = 16;

/** `DOMAIN_GET_INFO` result. */
export interface DomainInfo {
  /** `DomainState` value (a uchar, sent as a full word). */
  readonly state: number;
  readonly maxMemKiB: bigint;
  readonly memoryKiB: bigint;
  /** Virtual CPUs (a ushort, sent as a full word). */
  readonly nrVirtCpu: number;
  /** CPU time used, in nanoseconds. */
  readonly cpuTimeNs: bigint;
}

/** `DOMAIN_GET_STATE` result. */
export interface DomainStateInfo {
  readonly state: number;
  /** Reason code; its meaning depends on `state` (`virDomain<State>Reason`). */
  readonly reason: number;
}

/** One address of a guest interface. */
export interface DomainIpAddress {
  /** `IpAddrType`: 0 IPv4, 1 IPv6. */
  readonly type: number;
  readonly addr: string;
  readonly prefix: number;
}

/** One guest interface with its addresses. */
export interface DomainInterface {
  readonly name: string;
  readonly hwaddr: string | null;
  readonly addrs: readonly DomainIpAddress[];
}

/** A screenshot being received: the image type the daemon announced and the image bytes. */
export interface DomainScreenshot {
  /** e.g. "image/png" or "image/x-portable-pixmap"; null if the driver did not say. */
  readonly mime: string | null;
  readonly stream: Readable;
}

const voidDomFlags = (ch: RpcChannel, proc: number, dom: DomainRef, options: FlagsOptions | undefined): Promise<void> =>
  call(ch, proc, withFlags(encodeDomain, dom, options), null, options);

const voidDom = (ch: RpcChannel, proc: number, dom: DomainRef, options: ProcOptions | undefined): Promise<void> =>
  call(ch, proc, (w) => encodeDomain(w, dom), null, options);

/** Decode the `DOMAIN_GET_INFO` reply. */
export function decodeDomainInfo(r: XdrReader): DomainInfo {
  const state = r.int();
  const maxMemKiB = r.uhyper();
  const memoryKiB = r.uhyper();
  const nrVirtCpu = r.int();
  const cpuTimeNs = r.uhyper();
  return { state, maxMemKiB, memoryKiB, nrVirtCpu, cpuTimeNs };
}

/** Every domain matching `flags` (`ListDomainsFlags`; 0 = all). */
export function connectListAllDomains(ch: RpcChannel, options?: FlagsOptions): Promise<DomainRef[]> {
  return listAll(ch, Proc.CONNECT_LIST_ALL_DOMAINS, decodeDomain, DOMAIN_RECORD_MIN_BYTES, options);
}

/** Find a running domain by its numeric id. */
export function domainLookupById(ch: RpcChannel, id: number, options?: ProcOptions): Promise<DomainRef> {
  return call(ch, Proc.DOMAIN_LOOKUP_BY_ID, (w) => w.int(id), decodeDomain, options);
}

/** Find a domain by name. */
export function domainLookupByName(ch: RpcChannel, name: string, options?: ProcOptions): Promise<DomainRef> {
  return call(ch, Proc.DOMAIN_LOOKUP_BY_NAME, (w) => w.string(name), decodeDomain, options);
}

/** Find a domain by UUID (text; sent as 16 raw bytes). */
export function domainLookupByUuid(ch: RpcChannel, uuid: string, options?: ProcOptions): Promise<DomainRef> {
  return call(ch, Proc.DOMAIN_LOOKUP_BY_UUID, (w) => encodeUuid(w, uuid), decodeDomain, options);
}

/** The domain's XML (`DomainXmlFlags`). */
export function domainGetXmlDesc(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<string> {
  return call(ch, Proc.DOMAIN_GET_XML_DESC, withFlags(encodeDomain, dom, options), readString, options);
}

/** Define (or redefine) a persistent domain from XML (`DefineFlags`). */
export function domainDefineXml(ch: RpcChannel, xml: string, options?: FlagsOptions): Promise<DomainRef> {
  return call(
    ch,
    Proc.DOMAIN_DEFINE_XML_FLAGS,
    (w) => {
      w.string(xml);
      w.uint(u32Flags(options?.flags));
    },
    decodeDomain,
    options,
  );
}

/** Remove a domain's persistent definition (`UndefineFlags`). */
export function domainUndefine(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return voidDomFlags(ch, Proc.DOMAIN_UNDEFINE_FLAGS, dom, options);
}

/** Start a defined domain (`CreateFlags`); the returned record carries the new `id`. */
export function domainCreate(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<DomainRef> {
  return call(ch, Proc.DOMAIN_CREATE_WITH_FLAGS, withFlags(encodeDomain, dom, options), decodeDomain, options);
}

/** Ask the guest to shut down (`ShutdownFlags`). Returns once the request is delivered, not when it is off. */
export function domainShutdown(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return voidDomFlags(ch, Proc.DOMAIN_SHUTDOWN_FLAGS, dom, options);
}

/** Ask the guest to reboot (`ShutdownFlags` values). */
export function domainReboot(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return voidDomFlags(ch, Proc.DOMAIN_REBOOT, dom, options);
}

/** Hard reset, like pressing the reset button. */
export function domainReset(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return voidDomFlags(ch, Proc.DOMAIN_RESET, dom, options);
}

/** Force the domain off (`DestroyFlags`). */
export function domainDestroy(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return voidDomFlags(ch, Proc.DOMAIN_DESTROY_FLAGS, dom, options);
}

/** Pause the domain's vCPUs. */
export function domainSuspend(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<void> {
  return voidDom(ch, Proc.DOMAIN_SUSPEND, dom, options);
}

/** Resume a paused domain. */
export function domainResume(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<void> {
  return voidDom(ch, Proc.DOMAIN_RESUME, dom, options);
}

/** Save the running domain's memory to the managed image and stop it; the next start restores it. */
export function domainManagedSave(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return voidDomFlags(ch, Proc.DOMAIN_MANAGED_SAVE, dom, options);
}

/** Whether a managed-save image exists. */
export function domainHasManagedSaveImage(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<boolean> {
  return call(ch, Proc.DOMAIN_HAS_MANAGED_SAVE_IMAGE, withFlags(encodeDomain, dom, options), readBool, options);
}

/** State and reason. */
export function domainGetState(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<DomainStateInfo> {
  return call(ch, Proc.DOMAIN_GET_STATE, withFlags(encodeDomain, dom, options), (r) => ({ state: r.int(), reason: r.int() }), options);
}

/** State, memory, vCPUs and CPU time. */
export function domainGetInfo(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<DomainInfo> {
  return call(ch, Proc.DOMAIN_GET_INFO, (w) => encodeDomain(w, dom), decodeDomainInfo, options);
}

/** Whether the domain starts with the daemon. */
export function domainGetAutostart(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<boolean> {
  return call(ch, Proc.DOMAIN_GET_AUTOSTART, (w) => encodeDomain(w, dom), readBool, options);
}

/** Turn autostart on or off. */
export function domainSetAutostart(ch: RpcChannel, dom: DomainRef, autostart: boolean, options?: ProcOptions): Promise<void> {
  return call(
    ch,
    Proc.DOMAIN_SET_AUTOSTART,
    (w) => {
      encodeDomain(w, dom);
      w.bool(autostart);
    },
    null,
    options,
  );
}

const deviceCall = (ch: RpcChannel, proc: number, dom: DomainRef, xml: string, options: FlagsOptions | undefined): Promise<void> =>
  call(
    ch,
    proc,
    (w) => {
      encodeDomain(w, dom);
      w.string(xml);
      w.uint(u32Flags(options?.flags));
    },
    null,
    options,
  );

/** Attach a device described by XML (`ModificationImpact` flags). */
export function domainAttachDevice(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<void> {
  return deviceCall(ch, Proc.DOMAIN_ATTACH_DEVICE_FLAGS, dom, xml, options);
}

/** Detach the device the XML identifies (`ModificationImpact` flags). */
export function domainDetachDevice(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<void> {
  return deviceCall(ch, Proc.DOMAIN_DETACH_DEVICE_FLAGS, dom, xml, options);
}

/** Change a device in place, e.g. swap a CD-ROM's media (`ModificationImpact` flags). */
export function domainUpdateDevice(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<void> {
  return deviceCall(ch, Proc.DOMAIN_UPDATE_DEVICE_FLAGS, dom, xml, options);
}

/** Set the number of vCPUs (`ModificationImpact` | `SetVcpusFlags`). */
export function domainSetVcpus(ch: RpcChannel, dom: DomainRef, nvcpus: number, options?: FlagsOptions): Promise<void> {
  return call(
    ch,
    Proc.DOMAIN_SET_VCPUS_FLAGS,
    (w) => {
      encodeDomain(w, dom);
      w.uint(nvcpus);
      w.uint(u32Flags(options?.flags));
    },
    null,
    options,
  );
}

/** Set current (or, with `SetMemoryFlags.MAXIMUM`, maximum) memory in KiB. */
export function domainSetMemory(ch: RpcChannel, dom: DomainRef, memoryKiB: bigint | number, options?: FlagsOptions): Promise<void> {
  return call(
    ch,
    Proc.DOMAIN_SET_MEMORY_FLAGS,
    (w) => {
      encodeDomain(w, dom);
      w.uhyper(BigInt(memoryKiB));
      w.uint(u32Flags(options?.flags));
    },
    null,
    options,
  );
}

/** What `domainSendKey` presses. */
export interface SendKeyOptions extends FlagsOptions {
  /** `KeycodeSet`; defaults to LINUX. */
  readonly codeset?: number;
  /** How long the keys are held, in ms; 0 lets the hypervisor choose. */
  readonly holdtimeMs?: number;
  /** 1 to 16 key codes, pressed together then released. */
  readonly keycodes: readonly number[];
}

/** Press keys in the guest (e.g. Ctrl+Alt+Del = LINUX codes 29, 56, 111). */
export function domainSendKey(ch: RpcChannel, dom: DomainRef, options: SendKeyOptions): Promise<void> {
  const { keycodes } = options;
  if (keycodes.length === 0 || keycodes.length > SEND_KEY_MAX) {
    return Promise.reject(new XdrError(`send key takes 1 to ${SEND_KEY_MAX} key codes, got ${keycodes.length}`));
  }
  return call(
    ch,
    Proc.DOMAIN_SEND_KEY,
    (w) => {
      encodeDomain(w, dom);
      w.uint(options.codeset ?? KeycodeSet.LINUX);
      w.uint(options.holdtimeMs ?? 0);
      w.array(keycodes, (x, k) => x.uint(k));
      w.uint(u32Flags(options.flags));
    },
    null,
    options,
  );
}

/** Decode one `domain_interface`. */
export function decodeDomainInterface(r: XdrReader): DomainInterface {
  const name = r.string();
  const hwaddr = decodeOptionalString(r);
  // type (4) + empty addr (4) + prefix (4)
  const addrs = r.array((x) => ({ type: x.int(), addr: x.string(), prefix: x.uint() }), 12);
  return { name, hwaddr, addrs };
}

/** What `domainInterfaceAddresses` asks. */
export interface InterfaceAddressesOptions extends FlagsOptions {
  /** `InterfaceAddressesSource`; defaults to LEASE (works without a guest agent). */
  readonly source?: number;
}

/** Guest interfaces and their IP addresses (may be empty, e.g. before a DHCP lease). */
export function domainInterfaceAddresses(ch: RpcChannel, dom: DomainRef, options?: InterfaceAddressesOptions): Promise<DomainInterface[]> {
  return call(
    ch,
    Proc.DOMAIN_INTERFACE_ADDRESSES,
    (w) => {
      encodeDomain(w, dom);
      w.uint(options?.source ?? InterfaceAddressesSource.LEASE);
      w.uint(u32Flags(options?.flags));
    },
    // name (4) + absent hwaddr (4) + empty addrs (4)
    (r) => r.array(decodeDomainInterface, 12),
    options,
  );
}

/** Which screen to capture. */
export interface ScreenshotOptions extends FlagsOptions {
  /** Head index; 0 is the first display. */
  readonly screen?: number;
}

/** Capture the guest display: a read stream carrying the image and its MIME type. */
export async function domainScreenshot(ch: RpcChannel, dom: DomainRef, options?: ScreenshotOptions): Promise<DomainScreenshot> {
  const opened = await openReadStream(
    ch,
    Proc.DOMAIN_SCREENSHOT,
    (w) => {
      encodeDomain(w, dom);
      w.uint(options?.screen ?? 0);
      w.uint(u32Flags(options?.flags));
    },
    decodeOptionalString,
    options,
  );
  return { mime: opened.ret, stream: opened.stream };
}

/** Drop a domain's managed-save image. */
export function domainManagedSaveRemove(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return voidDomFlags(ch, Proc.DOMAIN_MANAGED_SAVE_REMOVE, dom, options);
}
