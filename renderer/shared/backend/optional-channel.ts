import { CHANNEL_NAMES } from '../../../common/contract/names';
import { BackendError } from './backend';
import { backend } from './current-backend';

/**
 * A channel the UI is ready for but this build's contract may not have yet (commands another part of the app adds
 * later). Store actions call it through here, so a missing channel is a clear "not available yet", never a made-up
 * success: the caller gets {@link ChannelUnavailableError}.
 */
export type OptionalChannel = 'instances.act';

/** Whether this build's contract has the channel (`common/contract/names.ts`). */
export function hasChannel(name: string): boolean {
  return (CHANNEL_NAMES as readonly string[]).includes(name);
}

/** The channel is not in this build, or main does not know it (`unknown_channel`). */
export class ChannelUnavailableError extends Error {
  override readonly name = 'ChannelUnavailableError';
  constructor(readonly channel: OptionalChannel) {
    super(`${channel} is not available in this version of Virt Deck yet`);
  }
}

/**
 * Call a channel that may not exist yet. The contract types it once it is added to `common/contract/`; until then its
 * arguments and result are unknown here, which is why this is the one place that calls past the typed signature.
 */
export async function callOptional(channel: OptionalChannel, args: Readonly<Record<string, unknown>>): Promise<unknown> {
  if (!hasChannel(channel)) throw new ChannelUnavailableError(channel);
  const call = backend().call as unknown as (channel: string, args: unknown) => Promise<unknown>;
  try {
    return await call(channel, args);
  } catch (error) {
    if (error instanceof BackendError && error.code === 'unknown_channel') throw new ChannelUnavailableError(channel);
    throw error;
  }
}
