import type { ReactElement } from 'react';
import type { Instance } from '../../../common/contract/schemas';
import { formatTime } from '../format/format';
import { testIds } from '../../testIds';
import './badges.css';

/** Badge colours, by what the status means to an operator. */
export type StatusTone = 'ok' | 'off' | 'warn' | 'error' | 'busy' | 'unknown';

/** The tone of a `nova list` Status: ACTIVE green, SHUTOFF grey, PAUSED/SUSPENDED amber, ERROR red, tasks blue. */
export function statusTone(status: string): StatusTone {
  switch (status) {
    case 'ACTIVE':
      return 'ok';
    case 'SHUTOFF':
    case 'DELETED':
    case 'SOFT_DELETED':
    case 'SHELVED':
    case 'SHELVED_OFFLOADED':
      return 'off';
    case 'PAUSED':
    case 'SUSPENDED':
    case 'VERIFY_RESIZE':
    case 'RESCUE':
      return 'warn';
    case 'ERROR':
      return 'error';
    case 'UNKNOWN':
      return 'unknown';
    default:
      return 'busy';
  }
}

/** Why a status is what it is, when the badge alone does not say (UNKNOWN: the host is down). */
export function statusHint(instance: Instance): string | null {
  if (instance.status !== 'UNKNOWN') return null;
  return `host down — last seen ${formatTime(instance.hostLastSeenAt)}`;
}

/**
 * An instance's Status badge as elements, not a component: the Instances list draws one per row on screen, and a plain
 * span costs less than a component around it.
 */
export function instanceStatusBadge(instance: Instance): ReactElement {
  const hint = statusHint(instance) ?? undefined;
  return (
    <span className={`status status--${statusTone(instance.status)}`} data-testid={testIds.instanceStatus} data-status={instance.status} title={hint} aria-description={hint}>
      {instance.status}
    </span>
  );
}

/** An instance's Status as a coloured badge; UNKNOWN carries the host's last-seen time as its tooltip. */
export function InstanceStatusBadge({ instance }: { readonly instance: Instance }) {
  return instanceStatusBadge(instance);
}
