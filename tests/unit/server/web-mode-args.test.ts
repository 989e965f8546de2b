import { describe, expect, it } from 'vitest';
import { parseWebModeArgs } from '../../../main/server/main';

describe('parseWebModeArgs', () => {
  it('reads --port, --data-dir, --static-dir (also with =), VIRT_DECK_PORT as the default port', () => {
    expect(parseWebModeArgs(['--port', '8080', '--data-dir=/d', '--static-dir', '/s'], {})).toEqual({ port: 8080, dataDir: '/d', staticDir: '/s' });
    expect(parseWebModeArgs([], { VIRT_DECK_PORT: '5200' })).toEqual({ port: 5200 });
    expect(parseWebModeArgs(['--port=0'], { VIRT_DECK_PORT: '5200' })).toEqual({ port: 0 });
    expect(parseWebModeArgs([], { VIRT_DECK_PORT: '' })).toEqual({});
  });

  it('says what is wrong with bad input', () => {
    expect(() => parseWebModeArgs(['--port', 'http'], {})).toThrow('--port must be a port number 0-65535, not "http"');
    expect(() => parseWebModeArgs([], { VIRT_DECK_PORT: '70000' })).toThrow('VIRT_DECK_PORT must be a port number');
    expect(() => parseWebModeArgs(['--port'], {})).toThrow('--port needs a value');
    expect(() => parseWebModeArgs(['--host', '0.0.0.0'], {})).toThrow('Unknown option --host');
  });
});
