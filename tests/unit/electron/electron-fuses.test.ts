// The packaged app's Electron fuses (docs/shell.md). The Electron binary cannot be downloaded here, so the packaged
// result cannot be built and inspected; instead electron-builder itself reads and validates electron-builder.yml
// against its schema, and its own code turns the config into the fuse wire it flips after packing.
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { PlatformPackager, type Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** electron-builder's own mapping from `electronFuses` to the fuse wire (a method that reads nothing but its argument). */
type FuseWireOf = (fuses: NonNullable<Configuration['electronFuses']>) => Promise<Record<string | number, unknown>>;

describe('electron-builder.yml: Electron fuses of the packaged app', () => {
  it('is a valid electron-builder configuration that sets every hardening fuse', async () => {
    const config = await getConfig(ROOT, null, null);
    await validateConfiguration(config, { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1]);
    expect(config.asar ?? true).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });

    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig: FuseWireOf }).generateFuseConfig;
    const wire = await generate(config.electronFuses as NonNullable<Configuration['electronFuses']>);
    expect(wire).toMatchObject({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });
});
