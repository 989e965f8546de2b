import type { CommandSpec } from '../command';
import { CREATE_COMMANDS } from './create';
import { FLAVOR_COMMANDS } from './flavor';
import { HOST_COMMANDS } from './host';
import { INSTANCE_ACTION_COMMANDS } from './instance-actions';
import { IMAGE_COMMANDS } from './image';
import { KEYPAIR_COMMANDS } from './keypair';
import { NETWORK_COMMANDS } from './network';
import { POOL_COMMANDS } from './pool';
import { PROJECT_COMMANDS } from './project';
import { QUOTA_COMMANDS } from './quota';
import { SERVER_COMMANDS } from './server';
import { SERVER_GROUP_COMMANDS } from './server-group';
import { SETTINGS_COMMANDS } from './settings';

/**
 * Every command. A new concept (hosts, servers) adds one file exporting its list and one line here;
 * single-word commands (`virt-deck list`) are specs with one word.
 */
export const COMMANDS: readonly CommandSpec[] = [
  ...SERVER_COMMANDS,
  ...CREATE_COMMANDS,
  ...INSTANCE_ACTION_COMMANDS,
  ...HOST_COMMANDS,
  ...FLAVOR_COMMANDS,
  ...PROJECT_COMMANDS,
  ...QUOTA_COMMANDS,
  ...SERVER_GROUP_COMMANDS,
  ...SETTINGS_COMMANDS,
  ...IMAGE_COMMANDS,
  ...KEYPAIR_COMMANDS,
  ...NETWORK_COMMANDS,
  ...POOL_COMMANDS,
];
