import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../main/config/args';
import { parseElectronArgs, parseStartArgs, parseWebModeArgs } from '../../../main/config/shell-args';

describe('parseWebModeArgs (node dist/web.mjs)', () => {
  it('reads --port, --data-dir, --static-dir (also with =), VIRT_DECK_PORT as the default port', () => {
    expect(parseWebModeArgs(['--port', '8080', '--data-dir=/d', '--static-dir', '/s'], {})).toEqual({ port: 8080, dataDir: '/d', staticDir: '/s' });
    expect(parseWebModeArgs([], { VIRT_DECK_PORT: '5200' })).toEqual({ port: 5200 });
    expect(parseWebModeArgs(['--port=0'], { VIRT_DECK_PORT: '5200' })).toEqual({ port: 0 });
    expect(parseWebModeArgs([], { VIRT_DECK_PORT: '' })).toEqual({});
  });

  it('says what is wrong with bad input, as a usage error', () => {
    expect(() => parseWebModeArgs(['--port', 'http'], {})).toThrow('--port must be a port number 0-65535, not "http"');
    expect(() => parseWebModeArgs(['--port', '0x50'], {})).toThrow('--port must be a port number');
    expect(() => parseWebModeArgs([], { VIRT_DECK_PORT: '70000' })).toThrow('VIRT_DECK_PORT must be a port number');
    expect(() => parseWebModeArgs(['--port'], {})).toThrow('--port needs a value');
    expect(() => parseWebModeArgs(['--data-dir', ''], {})).toThrow('--data-dir needs a value');
    expect(() => parseWebModeArgs(['--host', '0.0.0.0'], {})).toThrow(
      new UsageError('unknown option --host (web mode takes --data-dir DIR, --port N, --static-dir DIR)'),
    );
    expect(() => parseWebModeArgs(['extra'], {})).toThrow('unexpected argument "extra"');
  });
});

describe('parseStartArgs (npm start)', () => {
  it('honours --data-dir and --port in both shells; --web or --port ask for web mode', () => {
    expect(parseStartArgs([], {})).toEqual({ web: false });
    expect(parseStartArgs(['--data-dir', '/inv'], {})).toEqual({ web: false, dataDir: '/inv' });
    expect(parseStartArgs(['--web', '--data-dir=/inv', '--port', '6000'], {})).toEqual({ web: true, webRequestedBy: '--web', dataDir: '/inv', port: 6000 });
    expect(parseStartArgs(['--port', '6000'], {})).toEqual({ web: true, webRequestedBy: '--port 6000', port: 6000 });
    expect(parseStartArgs([], { VIRT_DECK_WEB: '1', VIRT_DECK_PORT: '6001' })).toEqual({ web: true, webRequestedBy: 'VIRT_DECK_WEB=1', port: 6001 });
    // VIRT_DECK_PORT only picks the port: Electron is still tried.
    expect(parseStartArgs([], { VIRT_DECK_PORT: '6001' })).toEqual({ web: false, port: 6001 });
  });

  it('reads --demo, with the other flags (--data-dir then replaces the demo\'s own data directory)', () => {
    expect(parseStartArgs(['--demo'], {})).toEqual({ web: false, demo: true });
    expect(parseStartArgs(['--demo', '--web', '--port', '6002', '--data-dir', '/demo'], {})).toEqual({ web: true, webRequestedBy: '--web', port: 6002, dataDir: '/demo', demo: true });
    expect(() => parseStartArgs(['--demo=yes'], {})).toThrow('--demo takes no value');
  });

  it('refuses an unknown flag, naming it and what npm start takes', () => {
    expect(() => parseStartArgs(['--data-dri', '/x'], {})).toThrow(new UsageError('unknown option --data-dri (npm start takes --web, --data-dir DIR, --port N, --demo)'));
    expect(() => parseStartArgs(['--static-dir', '/x'], {})).toThrow('unknown option --static-dir');
    expect(() => parseStartArgs(['--web=1'], {})).toThrow('--web takes no value');
  });
});

describe('parseElectronArgs (the Electron main)', () => {
  it('reads --data-dir, and skips a macOS process serial number', () => {
    expect(parseElectronArgs([])).toEqual({});
    expect(parseElectronArgs(['--data-dir', '/inv'])).toEqual({ dataDir: '/inv' });
    expect(parseElectronArgs(['-psn_0_12345', '--data-dir=/inv'])).toEqual({ dataDir: '/inv' });
  });

  it('refuses --port with the reason, and anything else by name', () => {
    expect(() => parseElectronArgs(['--port', '8080'])).toThrow(/^--port is for web mode .*listens on no port$/);
    expect(() => parseElectronArgs(['--no-sandbox'])).toThrow(new UsageError('unknown option --no-sandbox (the Electron app takes --data-dir DIR)'));
    expect(() => parseElectronArgs(['somefile'])).toThrow('unexpected argument "somefile"');
  });
});
