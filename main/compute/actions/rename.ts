// Rename: the instance's display name, and the name in our metadata when its domain carries it. The libvirt domain
// name never changes (it is how the host knows the domain; Nova's instance_name is fixed the same way).
import { InvalidInputError } from '../../inventory/errors';
import { controlCharacterProblem } from '../../text/control-chars';
import { failureText, onDomain, runTask, type ActionContext, type ActionResult } from './context';
import { redefineDomain } from './domain-xml';

/** Longest display name (Nova's display_name column). */
export const MAX_INSTANCE_NAME = 255;

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new InvalidInputError('Instance name must not be empty');
  if (trimmed.length > MAX_INSTANCE_NAME) throw new InvalidInputError(`Instance name has at most ${MAX_INSTANCE_NAME} characters`);
  const problem = controlCharacterProblem('Instance name', trimmed);
  if (problem !== null) throw new InvalidInputError(problem);
  return trimmed;
}

/**
 * Change the display name. The inventory is the authority for it, so the rename stands even when the host cannot be
 * reached; the result then says the domain's metadata still carries the old name.
 */
export function renameInstance(ctx: ActionContext, ref: string, newName: string): Promise<ActionResult> {
  const name = checkedName(newName);
  return runTask(ctx, ref, { action: 'rename', taskState: null, event: 'api_update', prepare: () => ({ name }) }, async (task) => {
    if (task.instance.hostId === null || task.instance.libvirtDomainUuid === null) return {};
    try {
      await onDomain(ctx, task, (conn, dom) =>
        redefineDomain(conn, dom, (domain) => {
          if (!domain.instance.exists) return false;
          domain.instance.name = name;
          return true;
        }),
      );
      return {};
    } catch (error) {
      return { message: `Renamed to ${name}; the domain's metadata on host ${task.host?.name ?? '?'} still names the old name: ${failureText(error)}` };
    }
  });
}
