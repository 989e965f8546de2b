import { MAX_CANON_DOMAINS, MAX_HOSTS_FILES, MAX_IDENTITY_FILES, type SshOptions } from './options';
import { dollarExpand } from './tokens';
import {
  domainFault,
  LOG_FACILITIES,
  LOG_LEVELS,
  MULTISTATE,
  parseInt32,
  parseMultistate,
  parsePortNumber,
  parseTime,
  splitHostPort,
  strtonum,
  validAlgorithmList,
  validEnvName,
  validForward,
  validIpQos,
  validProxyJump,
  type AlgorithmKind,
  type Multistate,
} from './values';

/** The words after a keyword, consumed by its handler; whatever is left is an error ("extra arguments"). */
export class ArgCursor {
  private at = 0;
  constructor(private readonly words: readonly string[]) {}
  /** The next word, or undefined at the end. */
  next(): string | undefined {
    return this.words[this.at++];
  }
  peek(): string | undefined {
    return this.words[this.at];
  }
  get remaining(): number {
    return Math.max(0, this.words.length - this.at);
  }
  /** Marks every word as used (keywords that take the raw line, or ignore their arguments). */
  consumeAll(): void {
    this.at = this.words.length;
  }
}

/** What a keyword handler sees of its line. */
export interface LineContext {
  readonly keyword: string;
  /** The raw text after the keyword (commands take it verbatim, comments included). */
  readonly rest: string;
  readonly args: ArgCursor;
  /** Whether the line applies to the host being resolved (inside a matching Host/Match block). */
  readonly active: boolean;
  readonly where: string;
  /** Read from a user file (not the system-wide one): IdentityFile de-duplication tells them apart. */
  readonly userConfig: boolean;
  readonly options: SshOptions;
  readonly env: (name: string) => string | undefined;
  readonly servicePort: (name: string) => number | null;
  /** Records why the line is bad (OpenSSH then refuses the whole configuration). */
  error(message: string): void;
  /** Something OpenSSH only reports (and accepts). */
  notice(message: string): void;
}

type Handler = (ctx: LineContext) => void;

/** A required single word; reports "Missing argument." and returns null without one. */
function required(ctx: LineContext, what = 'Missing argument.'): string | null {
  const arg = ctx.args.next();
  if (arg === undefined || arg === '') {
    ctx.error(what);
    return null;
  }
  return arg;
}

function setIfActive(ctx: LineContext, key: string, value: unknown): void {
  if (ctx.active) ctx.options.setFirst(key, value, ctx.where);
}

const multistate =
  (table: Multistate, key?: string): Handler =>
  (ctx) => {
    const arg = ctx.args.next();
    if (arg === undefined || arg === '') return ctx.error('missing argument.');
    const value = parseMultistate(arg, table);
    if (value === null) return ctx.error(`unsupported option "${arg}".`);
    setIfActive(ctx, key ?? ctx.keyword, value);
  };

const flag = (key?: string): Handler => multistate(MULTISTATE.flag, key);

const string =
  (key?: string): Handler =>
  (ctx) => {
    const arg = required(ctx);
    if (arg !== null) setIfActive(ctx, key ?? ctx.keyword, arg);
  };

const time =
  (key: string): Handler =>
  (ctx) => {
    const arg = ctx.args.next();
    if (arg === undefined || arg === '') return ctx.error('missing time value.');
    if (arg === 'none') return; // OpenSSH stores -1, its own "unset": a later line may still set it.
    const value = parseTime(arg);
    if (value === null) return ctx.error('invalid time value.');
    setIfActive(ctx, key, value);
  };

const integer =
  (key?: string): Handler =>
  (ctx) => {
    const arg = ctx.args.next() ?? '';
    const value = parseInt32(arg);
    if (value === null) return ctx.error(`integer value ${arg === '' ? 'missing' : 'invalid'}.`);
    setIfActive(ctx, key ?? ctx.keyword, value);
  };

/** Commands take the rest of the line verbatim (after blanks and `=`), comments and all. */
const command =
  (key?: string): Handler =>
  (ctx) => {
    ctx.args.consumeAll();
    const value = ctx.rest.replace(/^[ \t\r\n=]+/, '');
    // A ProxyJump host sets ProxyCommand none, so first-value-wins keeps a later ProxyCommand out;
    // `ProxyJump none` does not (Debian's 9.2p1 prints the later ProxyCommand).
    setIfActive(ctx, key ?? ctx.keyword, value);
  };

const algorithms =
  (kind: AlgorithmKind, label: string): Handler =>
  (ctx) => {
    const arg = required(ctx);
    if (arg === null) return;
    if (!validAlgorithmList(arg, kind)) return ctx.error(`Bad ${label} '${arg}'.`);
    setIfActive(ctx, ctx.keyword, arg);
  };

/** GlobalKnownHostsFile, UserKnownHostsFile: the first active line's words, `none` only alone. */
const fileList =
  (key: string): Handler =>
  (ctx) => {
    const words: string[] = [];
    for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next()) {
      if (arg === '') return ctx.error(`keyword ${ctx.keyword} empty argument`);
      if (arg.toLowerCase() === 'none' && (words.length > 0 || ctx.args.remaining > 0)) return ctx.error(`keyword ${ctx.keyword} "none" argument must appear alone.`);
      words.push(arg);
    }
    if (words.length > MAX_HOSTS_FILES) return ctx.error(`too many ${ctx.keyword} entries.`);
    if (words.length > 0) setIfActive(ctx, key, words);
  };

const identityFile =
  (kind: 'identityFiles' | 'certificateFiles'): Handler =>
  (ctx) => {
    const arg = required(ctx);
    if (arg === null || !ctx.active) return;
    const list = ctx.options[kind];
    if (list.length >= MAX_IDENTITY_FILES) return ctx.error(`Too many ${kind === 'identityFiles' ? 'identity' : 'certificate'} files specified (max ${MAX_IDENTITY_FILES}).`);
    ctx.options.addFile(list, { path: arg, userProvided: ctx.userConfig });
  };

/** IdentityAgent and ForwardAgent paths: `${VAR}` must be defined and closed, `$VAR` a valid name. */
function agentPath(ctx: LineContext, arg: string, key: string): void {
  if (dollarExpand(arg, ctx.env) === null) return ctx.error(`Invalid environment expansion ${arg}.`);
  if (arg.startsWith('$') && arg[1] !== '{' && !validEnvName(arg.slice(1))) return ctx.error(`Invalid environment name ${arg}.`);
  setIfActive(ctx, key, arg);
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  // OpenSSH accepts these without effect (deprecated) or with a message (unsupported).
  ...Object.fromEntries(['protocol', 'cipher', 'fallbacktorsh', 'globalknownhostsfile2', 'rhostsauthentication', 'userknownhostsfile2', 'useroaming', 'usersh', 'useprivilegedport', 'useblacklistedkeys'].map((k) => [k, (ctx: LineContext) => ctx.args.consumeAll()])),
  ...Object.fromEntries(
    ['afstokenpassing', 'kerberosauthentication', 'kerberostgtpassing', 'rsaauthentication', 'rhostsrsaauthentication', 'compressionlevel'].map((k) => [
      k,
      (ctx: LineContext) => {
        ctx.args.consumeAll();
        ctx.notice(`Unsupported option "${ctx.keyword}"`);
      },
    ]),
  ),
  // Debian builds with GSSAPI (and its key-exchange patch).
  gssapiauthentication: flag(),
  gssapidelegatecredentials: flag(),
  gssapikeyexchange: flag(),
  gssapitrustdns: flag(),
  gssapirenewalforcesrekey: flag(),
  gssapiclientidentity: string(),
  gssapiserveridentity: string(),
  gssapikexalgorithms: algorithms('gsskex', 'GSSAPI KexAlgorithms'),
  pkcs11provider: string('pkcs11provider'),
  smartcarddevice: string('pkcs11provider'),
  forwardagent(ctx) {
    const arg = required(ctx, 'missing argument.');
    if (arg === null) return;
    const value = parseMultistate(arg, MULTISTATE.flag);
    if (value !== null) return setIfActive(ctx, 'forwardagent', value);
    agentPath(ctx, arg, 'forwardagent');
  },
  forwardx11: flag(),
  forwardx11trusted: flag(),
  forwardx11timeout: time('forwardx11timeout'),
  exitonforwardfailure: flag(),
  xauthlocation: string(),
  gatewayports: flag(),
  passwordauthentication: flag(),
  kbdinteractiveauthentication: flag(),
  challengeresponseauthentication: flag('kbdinteractiveauthentication'),
  skeyauthentication: flag('kbdinteractiveauthentication'),
  tisauthentication: flag('kbdinteractiveauthentication'),
  kbdinteractivedevices: string(),
  pubkeyauthentication: multistate(MULTISTATE.pubkeyAuth),
  dsaauthentication: multistate(MULTISTATE.pubkeyAuth, 'pubkeyauthentication'),
  hostbasedauthentication: flag(),
  identityfile: identityFile('identityFiles'),
  identityfile2: identityFile('identityFiles'),
  identitiesonly: flag(),
  certificatefile: identityFile('certificateFiles'),
  addkeystoagent(ctx) {
    const arg = ctx.args.next();
    const arg2 = ctx.args.next();
    if (arg === undefined || arg === '') return ctx.error('missing argument.');
    const value = parseMultistate(arg, MULTISTATE.yesnoaskconfirm);
    if (value === 'confirm' && arg2 !== undefined) {
      if (parseTime(arg2) === null) return ctx.error('invalid time value.');
    } else if (value === null && arg2 === undefined) {
      if (parseTime(arg) === null) return ctx.error('unsupported option');
    } else if (value === null || arg2 !== undefined) {
      return ctx.error('unsupported option');
    }
    setIfActive(ctx, 'addkeystoagent', value ?? 'yes');
  },
  identityagent(ctx) {
    const arg = required(ctx);
    if (arg !== null) agentPath(ctx, arg, 'identityagent');
  },
  hostname: string(),
  hostkeyalias: string(),
  proxycommand: command(),
  port(ctx) {
    const arg = required(ctx);
    if (arg === null) return;
    const port = parsePortNumber(arg, ctx.servicePort);
    if (port === null || port <= 0) return ctx.error(`Bad port '${arg}'.`);
    setIfActive(ctx, 'port', port);
  },
  ciphers: algorithms('cipher', 'SSH2 cipher spec'),
  macs: algorithms('mac', 'SSH2 MAC spec'),
  kexalgorithms: algorithms('kex', 'SSH2 KexAlgorithms'),
  hostkeyalgorithms: algorithms('key', 'key types'),
  casignaturealgorithms: algorithms('key', 'key types'),
  hostbasedacceptedalgorithms: algorithms('key', 'key types'),
  hostbasedkeytypes: algorithms('key', 'key types'),
  pubkeyacceptedalgorithms: algorithms('key', 'key types'),
  pubkeyacceptedkeytypes: algorithms('key', 'key types'),
  localforward: forward('local'),
  remoteforward: forward('remote'),
  dynamicforward: forward('dynamic'),
  permitremoteopen(ctx) {
    let count = 0;
    for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next(), count++) {
      const lower = arg.toLowerCase();
      if (lower === 'none' || lower === 'any') {
        if (count > 0 || ctx.args.remaining > 0) return ctx.error(`keyword ${ctx.keyword} "${arg}" argument must appear alone.`);
        continue;
      }
      const hostPort = splitHostPort(arg);
      if (hostPort === null) return ctx.error(`missing host in ${ctx.keyword}`);
      const port = hostPort[1];
      if (port === null || (port !== '*' && (parsePortNumber(port, ctx.servicePort) ?? 0) <= 0)) return ctx.error(`bad port number in ${ctx.keyword}`);
    }
    if (count === 0) ctx.error(`missing ${ctx.keyword} specification`);
  },
  user: string(),
  escapechar(ctx) {
    const arg = required(ctx);
    if (arg === null) return;
    const ok = arg === 'none' || [...arg].length === 1 || (arg.length === 2 && arg[0] === '^' && arg.charCodeAt(1) >= 64 && arg.charCodeAt(1) < 128);
    if (!ok) ctx.error('Bad escape character.');
  },
  globalknownhostsfile: fileList('globalknownhostsfile'),
  userknownhostsfile: fileList('userknownhostsfile'),
  connectionattempts: integer(),
  batchmode: flag(),
  checkhostip: flag(),
  stricthostkeychecking: multistate(MULTISTATE.strictHostKey),
  compression: multistate(MULTISTATE.compression),
  tcpkeepalive: flag(),
  keepalive: flag('tcpkeepalive'),
  numberofpasswordprompts: integer(),
  syslogfacility(ctx) {
    const arg = ctx.args.next();
    if (arg === undefined || !LOG_FACILITIES.has(arg.toLowerCase())) ctx.error(`unsupported log facility '${arg ?? '<NONE>'}'`);
  },
  loglevel(ctx) {
    const arg = ctx.args.next();
    if (arg === undefined || !LOG_LEVELS.has(arg.toLowerCase())) ctx.error(`unsupported log level '${arg ?? '<NONE>'}'`);
  },
  logverbose(ctx) {
    let count = 0;
    for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next(), count++) {
      if (arg === '') return ctx.error(`keyword ${ctx.keyword} empty argument`);
      if (arg.toLowerCase() === 'none' && (count > 0 || ctx.args.remaining > 0)) return ctx.error(`keyword ${ctx.keyword} "none" argument must appear alone.`);
    }
  },
  preferredauthentications: string(),
  bindaddress: string(),
  bindinterface: string(),
  clearallforwardings: flag(),
  enablesshkeysign: flag(),
  verifyhostkeydns: multistate(MULTISTATE.yesnoask),
  nohostauthenticationforlocalhost: flag(),
  rekeylimit(ctx) {
    const arg = required(ctx, 'Missing argument.');
    if (arg === null) return;
    if (arg !== 'default') {
      const m = /^[ \t]*[+-]?(\d*)(?:\.(\d*))?([bkmgtpe]?)$/i.exec(arg);
      if (!m || (m[1] === '' && (m[2] ?? '') === '')) return ctx.error(`Bad number '${arg}': Invalid argument`);
      const scale = 1024 ** 'bkmgtpe'.indexOf((m[3] || 'b').toLowerCase());
      const value = Number(`${m[1] || '0'}.${m[2] ?? '0'}`) * scale;
      if (value !== 0 && value < 16) return ctx.error('RekeyLimit too small');
    }
    const interval = ctx.args.peek();
    if (interval === undefined) return;
    ctx.args.next();
    if (interval !== 'none' && parseTime(interval) === null) ctx.error('invalid time value.');
  },
  connecttimeout: time('connecttimeout'),
  // Debian's compatibility names, both for ServerAliveInterval (as `ssh -G` shows).
  setuptimeout: time('serveraliveinterval'),
  addressfamily: multistate(MULTISTATE.addressFamily),
  serveraliveinterval: time('serveraliveinterval'),
  protocolkeepalives: time('serveraliveinterval'),
  serveralivecountmax: integer(),
  sendenv(ctx) {
    for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next()) {
      if (arg === '' || arg.includes('=')) return ctx.error('Invalid environment name.');
    }
  },
  setenv(ctx) {
    for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next()) {
      if (!arg.includes('=')) return ctx.error('Invalid SetEnv.');
    }
  },
  controlpath: string(),
  controlmaster: multistate(MULTISTATE.controlMaster),
  controlpersist(ctx) {
    const arg = required(ctx, 'Missing ControlPersist argument.');
    if (arg !== null && !['no', 'false', 'yes', 'true'].includes(arg) && parseTime(arg) === null) ctx.error('Bad ControlPersist argument.');
  },
  hashknownhosts: flag(),
  tunnel: multistate(MULTISTATE.tunnel),
  tunneldevice(ctx) {
    const arg = required(ctx);
    if (arg === null) return;
    const tun = (s: string) => s.toLowerCase() === 'any' || strtonum(s, 0, 0x7ffffffe) !== null;
    const parts = arg.split(':');
    if (!(parts.length === 1 ? tun(arg) : tun(parts[0]!) && tun(parts.slice(1).join(':')))) ctx.error('Bad tun device.');
  },
  localcommand: command(),
  permitlocalcommand: flag(),
  remotecommand: command(),
  knownhostscommand: command(),
  visualhostkey: flag(),
  ipqos(ctx) {
    const first = ctx.args.next();
    if (first === undefined || !validIpQos(first)) return ctx.error(`Bad IPQoS value: ${first ?? '(null)'}`);
    const second = ctx.args.next();
    if (second !== undefined && !validIpQos(second)) ctx.error(`Bad IPQoS value: ${second}`);
  },
  requesttty: multistate(MULTISTATE.requestTty),
  sessiontype: multistate(MULTISTATE.sessionType),
  stdinnull: flag(),
  forkafterauthentication: flag(),
  ignoreunknown: string(),
  proxyusefdpass: flag(),
  canonicaldomains(ctx) {
    const words: string[] = [];
    for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next()) {
      if (arg === '') return ctx.error(`keyword ${ctx.keyword} empty argument`);
      if (arg.toLowerCase() === 'none' && (words.length > 0 || ctx.args.remaining > 0)) return ctx.error(`keyword ${ctx.keyword} "none" argument must appear alone.`);
      const fault = domainFault(arg);
      if (fault !== null) return ctx.error(fault);
      words.push(arg.toLowerCase().replace(/\.$/, ''));
    }
    if (words.length > MAX_CANON_DOMAINS) return ctx.error('too many hostname suffixes.');
    if (words.length > 0) setIfActive(ctx, 'canonicaldomains', words);
  },
  canonicalizefallbacklocal: flag(),
  canonicalizehostname: multistate(MULTISTATE.canonicalizeHostname),
  canonicalizemaxdots: integer(),
  canonicalizepermittedcnames(ctx) {
    const words: string[] = [];
    for (let arg = ctx.args.next(); arg !== undefined; arg = ctx.args.next()) {
      if (arg.toLowerCase() === 'none') {
        if (words.length > 0 || ctx.args.remaining > 0) return ctx.error(`keyword ${ctx.keyword} "none" argument must appear alone.`);
      } else if (arg !== '*') {
        const colon = arg.indexOf(':');
        if (colon < 0 || colon === arg.length - 1) return ctx.error(`Invalid permitted CNAME "${arg.toLowerCase()}"`);
      }
      words.push(arg.toLowerCase());
    }
    if (words.length > MAX_CANON_DOMAINS) return ctx.error('too many permitted CNAMEs.');
    if (words.length > 0) setIfActive(ctx, 'canonicalizepermittedcnames', words);
  },
  streamlocalbindmask(ctx) {
    const arg = required(ctx, 'Missing StreamLocalBindMask argument.');
    if (arg === null) return;
    // strtol(…, 8): leading octal digits count, anything after them is ignored.
    const m = /^[ \t]*([+-]?)([0-7]+)/.exec(arg);
    const value = m ? (m[1] === '-' ? -1 : 1) * parseInt(m[2]!, 8) : NaN;
    if (!m || value < 0 || value > 0o777) ctx.error('Bad mask.');
  },
  streamlocalbindunlink: flag(),
  revokedhostkeys: string(),
  fingerprinthash(ctx) {
    const arg = required(ctx);
    if (arg !== null && !['md5', 'sha1', 'sha256', 'sha384', 'sha512'].includes(arg.toLowerCase())) ctx.error(`Invalid hash algorithm "${arg}".`);
  },
  updatehostkeys: multistate(MULTISTATE.yesnoask),
  proxyjump(ctx) {
    ctx.args.consumeAll();
    const value = ctx.rest.replace(/^[ \t\r\n=]+/, '');
    if (!validProxyJump(value, ctx.servicePort)) return ctx.error(`Invalid ProxyJump "${value}"`);
    // parse_jump: only when neither ProxyCommand nor ProxyJump is set yet; a jump host also sets ProxyCommand none.
    if (!ctx.active || ctx.options.has('proxycommand') || ctx.options.has('proxyjump')) return;
    const jump = value.split('#', 1)[0]!.trimEnd();
    ctx.options.setFirst('proxyjump', jump.toLowerCase() === 'none' ? 'none' : jump, ctx.where);
    if (jump.toLowerCase() !== 'none') ctx.options.setFirst('proxycommand', 'none', ctx.where);
  },
  securitykeyprovider: string(),
  requiredrsasize: integer(),
  enableescapecommandline: flag(),
};

function forward(kind: 'local' | 'remote' | 'dynamic'): Handler {
  return (ctx) => {
    const listen = required(ctx);
    if (listen === null) return;
    let dynamic = kind === 'dynamic';
    let connect: string | null = null;
    if (!dynamic) {
      const second = ctx.args.next();
      if (second === undefined || second === '') {
        if (kind === 'remote') dynamic = true;
        else return ctx.error('Missing target argument.');
      } else {
        connect = second;
      }
    }
    if (!validForward(listen, connect, dynamic)) ctx.error('Bad forwarding specification.');
  };
}

/** The handler for a (lowercased) keyword, or undefined when OpenSSH does not know it. */
export function keywordHandler(keyword: string): Handler | undefined {
  return Object.hasOwn(HANDLERS, keyword) ? HANDLERS[keyword] : undefined;
}
