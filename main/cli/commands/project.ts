import type { ProjectRecord } from '../../inventory';
import { stringOption } from '../args';
import type { CommandSpec } from '../command';
import { formatTable, type Cell } from '../table';

const HEADERS = ['ID', 'Name', 'Description', 'Enabled'];
const row = (p: ProjectRecord): Cell[] => [p.id, p.name, p.description, p.enabled];

/** `project list|create`. */
export const PROJECT_COMMANDS: readonly CommandSpec[] = [
  {
    words: ['project', 'list'],
    readOnly: true,
    summary: 'List projects.',
    run(context) {
      const projects = context.inventory().services.projects.list();
      return { text: formatTable(HEADERS, projects.map(row)), json: projects };
    },
  },
  {
    words: ['project', 'create'],
    summary: 'Create a project.',
    positionals: [{ name: 'name', description: 'Project name.' }],
    options: [{ name: 'description', type: 'string', value: 'TEXT', description: 'Free-form description.' }],
    run(context, args) {
      const description = stringOption(args, 'description');
      const project = context.inventory().services.projects.create({
        name: args.positionals[0] as string,
        ...(description === undefined ? {} : { description }),
      });
      return { text: formatTable(HEADERS, [row(project)]), json: project };
    },
  },
];
