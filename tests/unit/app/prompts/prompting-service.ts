// Main's service facade with a real prompt broker, wired as createApp wires it (prompts reach subscribers, answers
// come back as `prompts.answer` calls), without an inventory: for tests of prompts alone, in main and the renderer.
import { contract, events } from '../../../../common/contract/channels';
import { createService } from '../../../../main/api/service';
import { contractHandlers } from '../../../../main/app/handlers';
import { PromptBroker, type PromptBrokerOptions } from '../../../../main/app/prompts';

/** The facade and its broker; by default a window counts as connected when the service has a subscriber. */
export function promptingService(options: Partial<Pick<PromptBrokerOptions, 'hasAnswerer'>> = {}) {
  const broker: PromptBroker = new PromptBroker({
    publish: { requested: (p) => service.emit('prompts.requested', p), resolved: (r) => service.emit('prompts.resolved', r) },
    hasAnswerer: options.hasAnswerer ?? (() => service.subscriberCount() > 0),
  });
  const service = createService(
    { contract, events },
    contractHandlers({
      mode: 'web',
      dataDir: '/nowhere',
      electronVersion: null,
      libvirtSocketPaths: [],
      inventory: () => {
        throw new Error('no inventory in prompt tests');
      },
      prompts: broker,
    }),
  );
  return { broker, service };
}
