import { describe, expect, it } from 'vitest';
import { DataDirError, inventoryPath, resolveDataDir } from '../../../main/config/paths';

// The data directory is where the inventory lives; CLI, web mode and Electron must agree on it.
describe('resolveDataDir', () => {
  const home = '/home/ada';

  it('uses XDG_DATA_HOME on Linux, else ~/.local/share', () => {
    expect(resolveDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/data' }, homeDir: home })).toBe('/data/virt-deck');
    expect(resolveDataDir({ platform: 'linux', env: {}, homeDir: home })).toBe('/home/ada/.local/share/virt-deck');
  });

  it('ignores a relative XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(resolveDataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'rel/dir' }, homeDir: home })).toBe('/home/ada/.local/share/virt-deck');
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(resolveDataDir({ platform: 'darwin', env: {}, homeDir: '/Users/ada' })).toBe('/Users/ada/Library/Application Support/Virt Deck');
    expect(resolveDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, homeDir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Virt Deck',
    );
    expect(resolveDataDir({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\bob' } })).toBe('C:\\Users\\bob\\AppData\\Roaming\\Virt Deck');
  });

  it('prefers --data-dir over VIRT_DECK_DATA_DIR over the platform default, resolving relative paths', () => {
    const env = { VIRT_DECK_DATA_DIR: '/env/dir', XDG_DATA_HOME: '/data' };
    expect(resolveDataDir({ platform: 'linux', env, homeDir: home, dataDir: 'mine', cwd: '/work' })).toBe('/work/mine');
    expect(resolveDataDir({ platform: 'linux', env, homeDir: home })).toBe('/env/dir');
    expect(resolveDataDir({ platform: 'linux', env: { VIRT_DECK_DATA_DIR: '  ' }, homeDir: home })).toBe('/home/ada/.local/share/virt-deck');
  });

  it('says what to do when there is no home directory', () => {
    expect(() => resolveDataDir({ platform: 'linux', env: {}, homeDir: '' })).toThrow(DataDirError);
    expect(() => resolveDataDir({ platform: 'linux', env: {}, homeDir: '' })).toThrow(/VIRT_DECK_DATA_DIR or pass --data-dir/);
  });

  it('names the inventory file inside the directory', () => {
    expect(inventoryPath('/data/virt-deck')).toBe('/data/virt-deck/inventory.sqlite3');
  });
});
