// Consoles: where an instance's display or serial console is, one-time tokens, the tunnel and the proxy.
export { ConsoleService, type ConsoleConnectRequest, type ConsoleHostAccess, type ConsoleServiceOptions } from './console-service';
export { describeVncEndpoint, resolveSerialConsole, resolveVncEndpoint, type ConsoleRoute, type EndpointContext, type ResolvedSerial, type ResolvedVnc, type VncEndpoint } from './endpoint';
export { ConsoleTokenRefusedError, ConsoleUnavailableError, ConsoleUnreachableError, refusalOf, type TokenRefusal } from './errors';
export { PortViewer, type ConsolePort } from './port-viewer';
export { pipeConsole, type ConsoleProxy, type ProxyClosed, type ProxyOptions, type ProxyStats, type ViewerEnd, type ViewerEvents } from './proxy';
export { openSerialConsole, type SerialTarget } from './serial';
export { CONSOLE_TOKEN_TTL_MS, ConsoleTokens, sha256Hex, type ConsoleTarget, type IssuedToken } from './tokens';
export { hostRoute, openVncTunnel, type HostRoute } from './tunnel';
export { WsViewer } from './ws-viewer';
