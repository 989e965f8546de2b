// Types for the part of noVNC 1.7's RFB (core/rfb.js) the viewer uses; noVNC ships JavaScript only.
declare module '@novnc/novnc' {
  /** Credentials noVNC asks for (`credentialsrequired`). */
  export interface RfbCredentials {
    username?: string;
    password?: string;
    target?: string;
  }

  /** Options of the RFB constructor. */
  export interface RfbOptions {
    shared?: boolean;
    credentials?: RfbCredentials;
    repeaterID?: string;
    wsProtocols?: string[];
  }

  /** Events RFB dispatches, with their `detail`. */
  export interface RfbEventMap {
    connect: CustomEvent<Record<string, never>>;
    disconnect: CustomEvent<{ clean: boolean }>;
    credentialsrequired: CustomEvent<{ types: string[] }>;
    securityfailure: CustomEvent<{ status: number; reason?: string }>;
    clipboard: CustomEvent<{ text: string }>;
    desktopname: CustomEvent<{ name: string }>;
    capabilities: CustomEvent<{ capabilities: { power: boolean } }>;
  }

  /** A VNC session shown in `target` (a div); the channel may be a URL or any WebSocket-like object. */
  // eslint-disable-next-line no-restricted-syntax -- noVNC's module has a default export
  export default class RFB {
    constructor(target: HTMLElement, urlOrChannel: string | object, options?: RfbOptions);
    viewOnly: boolean;
    focusOnClick: boolean;
    clipViewport: boolean;
    scaleViewport: boolean;
    resizeSession: boolean;
    showDotCursor: boolean;
    background: string;
    qualityLevel: number;
    compressionLevel: number;
    readonly capabilities: { power: boolean };
    disconnect(): void;
    sendCredentials(credentials: RfbCredentials): void;
    sendCtrlAltDel(): void;
    /** `code` is a KeyboardEvent.code; null sends the keysym only. Without `down`, a press and a release. */
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    clipboardPasteFrom(text: string): void;
    toBlob(callback: (blob: Blob | null) => void, type?: string, quality?: number): void;
    addEventListener<K extends keyof RfbEventMap>(type: K, listener: (event: RfbEventMap[K]) => void): void;
    removeEventListener<K extends keyof RfbEventMap>(type: K, listener: (event: RfbEventMap[K]) => void): void;
  }
}
