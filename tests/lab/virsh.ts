import { run } from './exec';
import type { LabHost, LabInfo } from './types';

/** Run `virsh -c <uri> …args` and return its stdout (trimmed); throws with virsh's error text. */
export async function virshAt(uri: string, args: readonly string[], timeoutMs = 30_000): Promise<string> {
  const { stdout } = await run('/usr/bin/virsh', ['--quiet', '--connect', uri, ...args], { timeoutMs });
  return stdout.trim();
}

/** Options of {@link virsh}. */
export interface VirshOptions {
  /** Lab host name ("qemu", "test-default", "small", "large"); default "qemu". */
  readonly host?: string;
  /** Go through the lab's sshd (host key verified) instead of the unix socket. */
  readonly viaSsh?: boolean;
  readonly timeoutMs?: number;
}

/** Find a lab host by name; throws listing the names that exist. */
export function labHost(lab: LabInfo, name: string): LabHost {
  const host = lab.hosts.find((candidate) => candidate.name === name);
  if (host === undefined) throw new Error(`The lab has no host named ${JSON.stringify(name)} (hosts: ${lab.hosts.map((h) => h.name).join(', ')})`);
  return host;
}

/** Run virsh against a lab host, over the unix socket or over SSH. */
export function virsh(lab: LabInfo, args: readonly string[], options: VirshOptions = {}): Promise<string> {
  const host = labHost(lab, options.host ?? 'qemu');
  return virshAt(options.viaSsh === true ? host.virshSshUri : host.unixUri, args, options.timeoutMs);
}

/** Names listed by a `virsh *-list --name` command, one per line. */
export function nameLines(output: string): string[] {
  return output.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** `virsh list --all` rows as name → state ("running", "shut off", …). */
export function domainStates(listOutput: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of nameLines(listOutput)) {
    // Columns: Id ("-" when shut off), Name, State; the state may contain a space ("shut off"), names cannot.
    const match = /^(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (match?.[2] !== undefined && match[3] !== undefined && match[1] !== 'Id') states.set(match[2], match[3].trim());
  }
  return states;
}
