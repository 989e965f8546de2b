import type { Duplex, Readable } from 'node:stream';
import { DomainStateNames, InterfaceAddressesSource, KeycodeSet } from './generated/libvirt-api.gen';
import * as wire from './generated/remote-protocol.gen';
import { call, callWith, NEED_RESULTS, openDuplexStream, openReadStream, u32Flags, type FlagsOptions, type ProcOptions } from './procedure-support';
import type { DomainRef } from './records';
import type { RpcChannel } from './rpc/channel';
import { XdrError, type XdrReader } from './xdr';

/**
 * Domain procedures: listing, lookup, definition, lifecycle, state, devices, keys, screenshots and
 * interface addresses. Statistics live in `domain-stats.ts`, migration in `domain-migrate.ts`.
 * Wire layouts and flag values are generated (`generated/`); this module names the calls and
 * their arguments and picks defaults.
 */

export {
  ConsoleFlags,
  CreateFlags,
  DefineFlags,
  DestroyFlags,
  DomainState,
  DomainXmlFlags,
  InterfaceAddressesSource,
  IpAddrType,
  KeycodeSet,
  ListDomainsFlags,
  ModificationImpact,
  SetMemoryFlags,
  SetVcpusFlags,
  ShutdownFlags,
  UndefineFlags,
} from './generated/libvirt-api.gen';

/** Name of a domain state number ("RUNNING"), or "UNKNOWN(n)" for a value newer than this code. */
export function domainStateName(state: number): string {
  return DomainStateNames[state] ?? `UNKNOWN(${state})`;
}

/** Most key codes one `DOMAIN_SEND_KEY` call may carry. */
export const SEND_KEY_MAX = wire.REMOTE_DOMAIN_SEND_KEY_MAX;

/** `DOMAIN_GET_INFO` result: `state` is a `DomainState`; memory in KiB; `cpuTime` in ns. */
export type DomainInfo = wire.DomainGetInfoRet;
/** `DOMAIN_GET_STATE` result; the meaning of `reason` depends on `state` (`virDomain<State>Reason`). */
export type DomainStateInfo = wire.DomainGetStateRet;
/** One address of a guest interface (`type`: `IpAddrType`). */
export type DomainIpAddress = wire.DomainIpAddr;
/** One guest interface with its addresses. */
export type DomainInterface = wire.DomainInterface;

/** A screenshot being received: the image type the daemon announced and the image bytes. */
export interface DomainScreenshot {
  /** e.g. "image/png" or "image/x-portable-pixmap"; null if the driver did not say. */
  readonly mime: string | null;
  readonly stream: Readable;
}

const listDomains = (r: XdrReader): DomainRef[] => wire.decodeConnectListAllDomainsRet(r).domains;
/** Replies that are one domain record (`{ dom }`): the record is the whole payload, so no wrapper object is made. */
const lookedUpDomain = wire.decodeNonnullDomain;
const xmlOf = (r: XdrReader): string => wire.decodeDomainGetXmlDescRet(r).xml;
const hasImage = (r: XdrReader): boolean => wire.decodeDomainHasManagedSaveImageRet(r).result !== 0;
const autostartOf = (r: XdrReader): boolean => wire.decodeDomainGetAutostartRet(r).autostart !== 0;
const interfacesOf = (r: XdrReader): DomainInterface[] => wire.decodeDomainInterfaceAddressesRet(r).ifaces;

/** Every domain matching `flags` (`ListDomainsFlags`; 0 = all). */
export function connectListAllDomains(ch: RpcChannel, options?: FlagsOptions): Promise<DomainRef[]> {
  return callWith(ch, wire.connectListAllDomains, { need_results: NEED_RESULTS, flags: u32Flags(options?.flags) }, listDomains, options);
}

/** Find a running domain by its numeric id. */
export function domainLookupById(ch: RpcChannel, id: number, options?: ProcOptions): Promise<DomainRef> {
  return callWith(ch, wire.domainLookupById, { id }, lookedUpDomain, options);
}

/** Find a domain by name. */
export function domainLookupByName(ch: RpcChannel, name: string, options?: ProcOptions): Promise<DomainRef> {
  return callWith(ch, wire.domainLookupByName, { name }, lookedUpDomain, options);
}

/** Find a domain by UUID (text; sent as 16 raw bytes). */
export function domainLookupByUuid(ch: RpcChannel, uuid: string, options?: ProcOptions): Promise<DomainRef> {
  return callWith(ch, wire.domainLookupByUuid, { uuid }, lookedUpDomain, options);
}

/** The domain's XML (`DomainXmlFlags`). */
export function domainGetXmlDesc(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<string> {
  return callWith(ch, wire.domainGetXmlDesc, { dom, flags: u32Flags(options?.flags) }, xmlOf, options);
}

/** Define (or redefine) a persistent domain from XML (`DefineFlags`). */
export function domainDefineXml(ch: RpcChannel, xml: string, options?: FlagsOptions): Promise<DomainRef> {
  return callWith(ch, wire.domainDefineXmlFlags, { xml, flags: u32Flags(options?.flags) }, lookedUpDomain, options);
}

/** Remove a domain's persistent definition (`UndefineFlags`). */
export function domainUndefine(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainUndefineFlags, { dom, flags: u32Flags(options?.flags) }, options);
}

/** Start a defined domain (`CreateFlags`); the returned record carries the new `id`. */
export function domainCreate(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<DomainRef> {
  return callWith(ch, wire.domainCreateWithFlags, { dom, flags: u32Flags(options?.flags) }, lookedUpDomain, options);
}

/** Ask the guest to shut down (`ShutdownFlags`). Returns once the request is delivered, not when it is off. */
export function domainShutdown(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainShutdownFlags, { dom, flags: u32Flags(options?.flags) }, options);
}

/** Ask the guest to reboot (`ShutdownFlags` values). */
export function domainReboot(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainReboot, { dom, flags: u32Flags(options?.flags) }, options);
}

/** Hard reset, like pressing the reset button. */
export function domainReset(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainReset, { dom, flags: u32Flags(options?.flags) }, options);
}

/** Force the domain off (`DestroyFlags`). */
export function domainDestroy(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainDestroyFlags, { dom, flags: u32Flags(options?.flags) }, options);
}

/** Pause the domain's vCPUs. */
export function domainSuspend(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.domainSuspend, { dom }, options);
}

/** Resume a paused domain. */
export function domainResume(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<void> {
  return call(ch, wire.domainResume, { dom }, options);
}

/** Save the running domain's memory to the managed image and stop it; the next start restores it. */
export function domainManagedSave(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainManagedSave, { dom, flags: u32Flags(options?.flags) }, options);
}

/** Whether a managed-save image exists. */
export function domainHasManagedSaveImage(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<boolean> {
  return callWith(ch, wire.domainHasManagedSaveImage, { dom, flags: u32Flags(options?.flags) }, hasImage, options);
}

/** Drop a domain's managed-save image. */
export function domainManagedSaveRemove(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainManagedSaveRemove, { dom, flags: u32Flags(options?.flags) }, options);
}

/** State and reason. */
export function domainGetState(ch: RpcChannel, dom: DomainRef, options?: FlagsOptions): Promise<DomainStateInfo> {
  return call(ch, wire.domainGetState, { dom, flags: u32Flags(options?.flags) }, options);
}

/** State, memory (KiB), vCPUs and CPU time (ns). */
export function domainGetInfo(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<DomainInfo> {
  return call(ch, wire.domainGetInfo, { dom }, options);
}

/** Whether the domain starts with the daemon. */
export function domainGetAutostart(ch: RpcChannel, dom: DomainRef, options?: ProcOptions): Promise<boolean> {
  return callWith(ch, wire.domainGetAutostart, { dom }, autostartOf, options);
}

/** Turn autostart on or off. */
export function domainSetAutostart(ch: RpcChannel, dom: DomainRef, autostart: boolean, options?: ProcOptions): Promise<void> {
  return call(ch, wire.domainSetAutostart, { dom, autostart: autostart ? 1 : 0 }, options);
}

/** Attach a device described by XML (`ModificationImpact` flags). */
export function domainAttachDevice(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainAttachDeviceFlags, { dom, xml, flags: u32Flags(options?.flags) }, options);
}

/** Detach the device the XML identifies (`ModificationImpact` flags). */
export function domainDetachDevice(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainDetachDeviceFlags, { dom, xml, flags: u32Flags(options?.flags) }, options);
}

/** Change a device in place, e.g. swap a CD-ROM's media (`ModificationImpact` flags). */
export function domainUpdateDevice(ch: RpcChannel, dom: DomainRef, xml: string, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainUpdateDeviceFlags, { dom, xml, flags: u32Flags(options?.flags) }, options);
}

/** Set the number of vCPUs (`SetVcpusFlags`). */
export function domainSetVcpus(ch: RpcChannel, dom: DomainRef, nvcpus: number, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainSetVcpusFlags, { dom, nvcpus, flags: u32Flags(options?.flags) }, options);
}

/** Set current (or, with `SetMemoryFlags.MAXIMUM`, maximum) memory in KiB. */
export function domainSetMemory(ch: RpcChannel, dom: DomainRef, memoryKiB: bigint | number, options?: FlagsOptions): Promise<void> {
  return call(ch, wire.domainSetMemoryFlags, { dom, memory: BigInt(memoryKiB), flags: u32Flags(options?.flags) }, options);
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
  const args = { dom, codeset: options.codeset ?? KeycodeSet.LINUX, holdtime: options.holdtimeMs ?? 0, keycodes, flags: u32Flags(options.flags) };
  return call(ch, wire.domainSendKey, args, options);
}

/** What `domainInterfaceAddresses` asks. */
export interface InterfaceAddressesOptions extends FlagsOptions {
  /** `InterfaceAddressesSource`; defaults to LEASE (works without a guest agent). */
  readonly source?: number;
}

/** Guest interfaces and their IP addresses (may be empty, e.g. before a DHCP lease). */
export function domainInterfaceAddresses(ch: RpcChannel, dom: DomainRef, options?: InterfaceAddressesOptions): Promise<DomainInterface[]> {
  const args = { dom, source: options?.source ?? InterfaceAddressesSource.LEASE, flags: u32Flags(options?.flags) };
  return callWith(ch, wire.domainInterfaceAddresses, args, interfacesOf, options);
}

/** Which screen to capture. */
export interface ScreenshotOptions extends FlagsOptions {
  /** Head index; 0 is the first display. */
  readonly screen?: number;
}

/** Capture the guest display: a read stream carrying the image and its MIME type. */
export async function domainScreenshot(ch: RpcChannel, dom: DomainRef, options?: ScreenshotOptions): Promise<DomainScreenshot> {
  const opened = await openReadStream(ch, wire.domainScreenshot, { dom, screen: options?.screen ?? 0, flags: u32Flags(options?.flags) }, options);
  return { mime: opened.ret.mime, stream: opened.stream };
}

/** Options of {@link domainOpenConsole}. */
export interface OpenConsoleOptions extends FlagsOptions {
  /** Console device alias (`serial0`, `console1`); null or absent: the first console. */
  readonly device?: string | null;
}

/**
 * Attach to a running domain's text console (its pty): a stream carrying the guest's output one way and
 * keystrokes the other. `ConsoleFlags.FORCE` takes the console over from another client; `SAFE` refuses
 * unless the driver can tell the two apart. The stream pauses the whole connection when its reader falls
 * behind, so open it on a connection of its own.
 */
export async function domainOpenConsole(ch: RpcChannel, dom: DomainRef, options?: OpenConsoleOptions): Promise<Duplex> {
  const opened = await openDuplexStream(ch, wire.domainOpenConsole, { dom, dev_name: options?.device ?? null, flags: u32Flags(options?.flags) }, options);
  return opened.stream;
}
