// Why a build failed, and whether another host could do better (Nova reschedules host-side failures only).
import { HostUnavailableError } from '../../hosts/host-unavailable';
import { HostTargetError } from '../../hosts/targets';
import { BaseVolumeError, PoolTooSmallError } from '../../images';
import { InvalidInputError } from '../../inventory/errors';
import { CallTimeoutError, ConnectionClosedError, LibvirtError } from '../../libvirt';

/** The create request is invalid; `field` names what is wrong (`flavor`, `userData`, `count`, …). */
export class BuildRequestError extends InvalidInputError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The task states a build passes through, in order (Nova's). */
export const BUILD_STEPS = ['scheduling', 'networking', 'block_device_mapping', 'spawning'] as const;

/** A build step. */
export type BuildStep = (typeof BUILD_STEPS)[number];

/** Something on the host went wrong in a way another host may not share (a missing pool, a dead daemon, a timeout). */
export class HostSideError extends Error {
  override readonly name = 'HostSideError';
}

/** A step of a build failed; the message names the step and carries the cause's (libvirt's) message. */
export class BuildStepError extends Error {
  override readonly name = 'BuildStepError';
  constructor(
    readonly step: BuildStep,
    readonly host: string,
    override readonly cause: unknown,
  ) {
    super(`Build failed on host ${host} during ${step}: ${messageOf(cause)}`, { cause });
  }

  /** Whether a reschedule to another host may succeed. */
  get hostSide(): boolean {
    return isHostSide(this.cause);
  }
}

/**
 * Host-side failures, which Nova retries elsewhere: anything libvirt reported, a host that cannot be reached, a
 * connection that dropped, a call or a start that timed out, a pool or network missing there, a pool too small, an
 * upload that failed. Invalid requests, a corrupt image (its checksum does not match), a missing image file and our
 * own bugs are not: another host would fail the same way.
 */
export function isHostSide(error: unknown): boolean {
  if (error instanceof BuildStepError) return error.hostSide;
  return (
    error instanceof LibvirtError ||
    error instanceof HostUnavailableError ||
    error instanceof ConnectionClosedError ||
    error instanceof CallTimeoutError ||
    error instanceof HostTargetError ||
    error instanceof PoolTooSmallError ||
    error instanceof BaseVolumeError ||
    error instanceof HostSideError
  );
}

/** One line of an error's message. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0]?.trim() || 'unknown error';
}
