import { describe, expect, it } from 'vitest';
import { BuildStepError, HostSideError, isHostSide } from '../../../../main/compute/build/errors';
import { HostUnavailableError } from '../../../../main/hosts/host-unavailable';
import { HostTargetError } from '../../../../main/hosts/targets';
import { BaseVolumeError, ChecksumMismatchError, ImageFileMissingError, PoolTooSmallError } from '../../../../main/images';
import { InvalidInputError } from '../../../../main/inventory/errors';
import { CallTimeoutError, ConnectionClosedError, LibvirtError } from '../../../../main/libvirt';

const libvirtError = new LibvirtError(
  { code: 49, domain: 18, message: "Storage pool not found: no storage pool with matching name 'x'", level: 2, dom: null, str1: null, str2: null, str3: null, int1: 0, int2: 0, net: null },
  { program: 0x20008086, procedure: 84, procedureName: 'STORAGE_POOL_LOOKUP_BY_NAME' },
);

describe('which build failures another host may not share', () => {
  it('reschedules what the host caused', () => {
    for (const error of [
      libvirtError,
      new HostUnavailableError('h', 'Host h is not reachable: ECONNREFUSED'),
      new ConnectionClosedError('eof'),
      new CallTimeoutError('DOMAIN_CREATE', 7, 1000),
      new HostTargetError('Storage pool p does not exist on host h'),
      new PoolTooSmallError('pool p has 1 MiB free'),
      new BaseVolumeError('upload failed'),
      new HostSideError('did not start'),
    ]) {
      expect(isHostSide(error), error.name).toBe(true);
      expect(new BuildStepError('spawning', 'h', error).hostSide, error.name).toBe(true);
    }
  });

  it('fails at once for what any host would refuse: bad input, a corrupt or missing image, bugs', () => {
    for (const error of [new InvalidInputError('bad'), new ChecksumMismatchError('a', 'b', 'sha256 differs'), new ImageFileMissingError('gone'), new TypeError('bug'), 'a string']) {
      expect(isHostSide(error)).toBe(false);
    }
  });

  it("names the step, the host and libvirt's own message", () => {
    const failure = new BuildStepError('block_device_mapping', 'lab1', libvirtError);
    expect(failure.message).toBe(`Build failed on host lab1 during block_device_mapping: ${libvirtError.message}`);
    expect(failure.message).toContain("Storage pool not found: no storage pool with matching name 'x'");
  });
});
