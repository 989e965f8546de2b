// The console session's connect and reconnect rules, with a stand-in backend and view (below the layer under test)
// and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenedConsole } from '../../../../../common/contract/console-schemas';
import { BackendError, type Backend } from '../../../../../renderer/shared/backend/backend';
import { ConsoleSession, type ConsoleView, type SessionDeps, type ViewEvents } from '../../../../../renderer/features/console/console-session';
import type { ConsoleTab } from '../../../../../renderer/features/console/console-store';
import { ConsoleConnectError, type ConsoleClosed, type ConsoleSocket, type OpenConsoleChannel } from '../../../../../renderer/shared/backend/console/console-socket';

const opened: OpenedConsole = { token: 't', kind: 'vnc', expiresAt: '', instance: { uuid: 'u1', name: 'web-1' }, via: 'ssh', description: 'VNC 127.0.0.1:5900 on lab1', password: null };

function channel(): OpenConsoleChannel & { end(closed: ConsoleClosed): void } {
  let end!: (closed: ConsoleClosed) => void;
  const closed = new Promise<ConsoleClosed>((resolve) => (end = resolve));
  const socket = { close: vi.fn() } as unknown as ConsoleSocket;
  return { socket, closed, end };
}

function setup(script: { open: () => Promise<OpenedConsole>; connect: () => Promise<OpenConsoleChannel> }) {
  const state: Partial<ConsoleTab> = {};
  let status: string | null = 'ACTIVE';
  const listeners = new Set<() => void>();
  const events: ViewEvents[] = [];
  const view: ConsoleView = { attach: (_c, _o, e) => void events.push(e), detach: vi.fn() };
  const backend = { call: vi.fn(script.open), openConsole: vi.fn(script.connect) } as unknown as Backend;
  const deps: SessionDeps = {
    backend: () => backend,
    update: (patch) => Object.assign(state, patch),
    instanceStatus: () => status,
    onInstanceChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    now: () => Date.now(),
  };
  const session = new ConsoleSession({ uuid: 'u1', name: 'web-1' }, 'vnc', view, deps, Date.now());
  return {
    session,
    state,
    events,
    backend,
    setStatus(next: string) {
      status = next;
      for (const listener of [...listeners]) listener();
    },
  };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('console session', () => {
  it('asks for a token, connects, and is connected once the view says so, with the timings', async () => {
    const live = channel();
    const s = setup({ open: async () => opened, connect: async () => live });
    s.session.start();
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
    expect(s.state).toMatchObject({ state: 'connecting', via: 'ssh', description: opened.description });
    s.events[0]!.connected();
    s.events[0]!.firstFrame();
    expect(s.state.state).toBe('connected');
    expect(Object.keys(s.state.timings ?? {})).toEqual(['viewer', 'token', 'channel', 'connected', 'firstFrame']);
  });

  it('stops with the reason when retrying cannot help (no VNC display)', async () => {
    const s = setup({ open: async () => Promise.reject(new BackendError('unavailable', 'web-1 has no graphics device')), connect: async () => channel() });
    s.session.start();
    await vi.waitFor(() => expect(s.state.state).toBe('failed'));
    expect(s.state.reason).toBe('web-1 has no graphics device');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.backend.call).toHaveBeenCalledTimes(1);
  });

  it('after a drop, waits while the instance is stopped and reconnects as soon as it runs again', async () => {
    const first = channel();
    const second = channel();
    const channels = [first, second];
    const s = setup({ open: async () => opened, connect: async () => channels.shift()! });
    s.session.start();
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
    s.events[0]!.connected();
    s.setStatus('SHUTOFF');
    first.end({ code: 1000, reason: 'The display of web-1 ended (the guest display or console closed)' });
    await vi.waitFor(() => expect(s.state.state).toBe('disconnected'));
    expect(s.state.reason).toBe('The display of web-1 ended (the guest display or console closed) — web-1 is SHUTOFF; reconnects when it runs again');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.backend.openConsole).toHaveBeenCalledTimes(1);
    s.setStatus('ACTIVE');
    await vi.waitFor(() => expect(s.events).toHaveLength(2));
    s.events[1]!.connected();
    expect(s.state).toMatchObject({ state: 'connected', attempt: 0 });
  });

  it('retries with backoff while the instance runs, and at once after a refused token', async () => {
    let calls = 0;
    const s = setup({
      open: async () => opened,
      connect: async () => {
        calls += 1;
        if (calls === 1) throw new ConsoleConnectError(4410, 'Console refused: this console link expired before it was used; open the console again');
        if (calls === 2) throw new ConsoleConnectError(4502, 'Nothing listens on VNC 127.0.0.1:5900 on lab1 any more');
        return channel();
      },
    });
    s.session.start();
    await vi.waitFor(() => expect(s.state.state).toBe('disconnected'));
    expect(calls).toBe(2);
    expect(s.state.reason).toMatch(/^Nothing listens on VNC 127\.0\.0\.1:5900 on lab1 any more — reconnecting in \d s$/);
    await vi.advanceTimersByTimeAsync(600);
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
  });

  it('closes the channel when the tab goes', async () => {
    const live = channel();
    const s = setup({ open: async () => opened, connect: async () => live });
    s.session.start();
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
    s.session.dispose();
    expect(live.socket.close).toHaveBeenCalledWith(1000, 'The viewer closed the console');
  });
});
