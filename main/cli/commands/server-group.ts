import { SERVER_GROUP_POLICIES } from '../../../common/model/server-group';
import type { ServerGroupView } from '../../inventory/services';
import { numberOption, stringOption } from '../args';
import type { CommandSpec } from '../command';
import { formatTable, type Cell } from '../table';

const HEADERS = ['Id', 'Name', 'Policy', 'Rules', 'Members', 'Project'];

function row(g: ServerGroupView): Cell[] {
  const rules = g.rules.maxServerPerHost === undefined ? '' : `max_server_per_host=${g.rules.maxServerPerHost}`;
  return [g.id, g.name, g.policy, rules, g.members.join('\n'), g.projectName];
}

/** `server-group list|create|delete`. */
export const SERVER_GROUP_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['server-group', 'list'],
    readOnly: true,
    summary: 'List server groups.',
    options: [{ name: 'project', type: 'string', value: 'PROJECT', description: 'Only this project (default: all).' }],
    run(context, args) {
      const groups = context.inventory().services.serverGroups.list(stringOption(args, 'project'));
      return { text: formatTable(HEADERS, groups.map(row)), json: groups };
    },
  },
  {
    words: ['server-group', 'create'],
    summary: 'Create a server group.',
    positionals: [
      { name: 'name', description: 'Group name (unique within its project).' },
      { name: 'policy', description: `One of ${SERVER_GROUP_POLICIES.join(', ')}.` },
    ],
    options: [
      { name: 'project', type: 'string', value: 'PROJECT', description: 'Owning project (default: admin).' },
      { name: 'max-server-per-host', type: 'number', value: 'N', description: 'anti-affinity only: members allowed per host (default 1).' },
    ],
    run(context, args) {
      const project = stringOption(args, 'project');
      const max = numberOption(args, 'max-server-per-host');
      const group = context.inventory().services.serverGroups.create({
        name: args.positionals[0] as string,
        policy: args.positionals[1] as string,
        ...(project === undefined ? {} : { project }),
        ...(max === undefined ? {} : { maxServerPerHost: max }),
      });
      return { text: formatTable(HEADERS, [row(group)]), json: group };
    },
  },
  {
    words: ['server-group', 'delete'],
    summary: 'Delete a server group (its members keep running).',
    positionals: [{ name: 'group', description: 'Group name or id.' }],
    options: [{ name: 'project', type: 'string', value: 'PROJECT', description: 'Project of the group, when its name is not unique.' }],
    run(context, args) {
      const group = context.inventory().services.serverGroups.delete(args.positionals[0] as string, stringOption(args, 'project'));
      return { text: `Deleted server group ${group.name} (id ${group.id})\n`, json: { deleted: group } };
    },
  },
];
