import type { Host } from '../../../common/contract/schemas';
import { testIds } from '../../testIds';
import './badges.css';

const TONE = { up: 'ok', down: 'error', unknown: 'unknown' } as const;

/** A host's status (up / down / unknown) as a coloured badge; the reason is its tooltip. */
export function HostStatusBadge({ host }: { readonly host: Host }) {
  return (
    <span className={`status status--${TONE[host.status]}`} data-testid={testIds.hostStatus} data-status={host.status} title={host.statusReason ?? undefined}>
      {host.status}
    </span>
  );
}
