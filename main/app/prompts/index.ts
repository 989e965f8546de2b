export { PromptBroker, type PromptAnswer, type PromptBrokerOptions, type PromptPublisher, type PromptQuestion, type PromptReply } from './prompt-broker';
export { promptHandlers } from './prompt-handlers';
export { promptingConnector, sshPromptCallbacks, type SshPromptCallbacks } from './ssh-prompts';
