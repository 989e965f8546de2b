import { shCommand, shellQuote } from '../../ssh/shell-quote';
import { SYSTEM_SOCKET_DIR } from './sockets';
import { isSessionUri, type LibvirtUri } from './uri';

/** The command run on the remote host to reach libvirtd, plus a short human description of it. */
export interface RemoteLibvirtCommand {
  /** Exact text passed to the SSH exec request (`sh -c '…'`). */
  readonly command: string;
  /** E.g. "virt-ssh-helper qemu:///system, else nc -U /var/run/libvirt/libvirt-sock". */
  readonly description: string;
}

/**
 * Mirrors the script libvirt's own client runs over SSH (libvirt-protocol.md §16.1):
 * - `proxy=native`: `virt-ssh-helper [-r] '<driver URI>'`;
 * - `proxy=netcat`: `nc [-q0] -U <socket>` (`netcat=<binary>` picks the binary; without it, socat
 *   serves when nc is missing);
 * - `proxy=auto` (default): the helper if it is installed, otherwise netcat.
 * With `socket=` and `proxy=auto` we go straight to netcat: libvirt 9.0's helper ignores `socket=`
 * (§19.11) and would silently reach the wrong daemon.
 */
export function remoteLibvirtCommand(parsed: LibvirtUri, driverUri: string, readOnly: boolean): RemoteLibvirtCommand {
  const proxy = parsed.params.proxy ?? 'auto';
  const socket = socketWord(parsed, readOnly);
  // Newer helpers honour socket= inside their URI argument; pass it on when the user forces the helper.
  const helperUri = parsed.params.socket ? withSocketParam(driverUri, parsed.params.socket) : driverUri;
  const helper = `virt-ssh-helper${readOnly ? ' -r' : ''} ${shellQuote(helperUri)}`;
  const netcat = netcatScript(socket, parsed.params.netcat);
  const netcatText = `${parsed.params.netcat ?? 'nc'} -U ${socket.text}`;
  if (proxy === 'native') return { command: shCommand(`exec ${helper}`), description: `virt-ssh-helper ${helperUri}` };
  if (proxy === 'netcat' || parsed.params.socket) return { command: shCommand(netcat), description: netcatText };
  return {
    command: shCommand(`if command -v virt-ssh-helper >/dev/null 2>&1; then exec ${helper}; fi; ${netcat}`),
    description: `virt-ssh-helper ${driverUri}, else ${netcatText}`,
  };
}

/** The socket as text for messages, and as a shell word (optionally prefixed, for socat's address syntax). */
interface SocketWord {
  readonly text: string;
  word(prefix?: string): string;
}

function socketWord(parsed: LibvirtUri, readOnly: boolean): SocketWord {
  const literal = (path: string): SocketWord => ({ text: path, word: (prefix = '') => shellQuote(prefix + path) });
  const given = parsed.params.socket;
  if (given) return literal(given);
  const direct = parsed.params.mode === 'direct' && parsed.driver !== 'test';
  const name = direct ? `virt${parsed.driver}d` : 'libvirt';
  if (isSessionUri(parsed)) {
    // Expanded by the remote shell: only it knows the remote user's runtime folder.
    const path = `\${XDG_RUNTIME_DIR:-$HOME/.cache}/libvirt/${name}-sock`;
    return { text: path, word: (prefix = '') => `"${prefix}${path}"` };
  }
  // Like libvirt, the fallback cannot look on the remote side first: it uses the legacy path.
  return literal(`${SYSTEM_SOCKET_DIR}/${name}-sock${readOnly ? '-ro' : ''}`);
}

/** `nc [-q0] -U <socket>`, probing whether nc knows `-q` exactly as libvirt does; socat when nc is missing. */
function netcatScript(socket: SocketWord, netcatBinary: string | undefined): string {
  const nc = shellQuote(netcatBinary ?? 'nc');
  const viaNc = `if ${nc} -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0; else ARG=; fi; exec ${nc} $ARG -U ${socket.word()}`;
  if (netcatBinary) return viaNc;
  const socat = `exec socat - ${socket.word('UNIX-CONNECT:')}`;
  const none = 'echo "virt-ssh-helper, nc and socat are all missing on $(hostname); install libvirt-clients or netcat-openbsd" >&2; exit 127';
  return `if command -v nc >/dev/null 2>&1; then ${viaNc}; elif command -v socat >/dev/null 2>&1; then ${socat}; else ${none}; fi`;
}

function withSocketParam(driverUri: string, socket: string): string {
  return `${driverUri}${driverUri.includes('?') ? '&' : '?'}socket=${encodeURIComponent(socket).replace(/%2F/gi, '/')}`;
}
