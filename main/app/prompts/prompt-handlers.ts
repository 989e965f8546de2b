import type { Contract } from '../../../common/contract/channels';
import type { Handlers } from '../../api/service';
import type { PromptBroker } from './prompt-broker';

/** The contract's prompt channels: the prompts still open, and an answer (schema-checked, secret bounded) to one. */
export function promptHandlers(broker: PromptBroker): Pick<Handlers<Contract>, 'prompts.list' | 'prompts.answer'> {
  return {
    'prompts.list': () => broker.list(),
    'prompts.answer': (args) => broker.answer(args),
  };
}
