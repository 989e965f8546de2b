import type { Host } from '../../../../common/contract/schemas';
import { UsageBar } from '../../../shared/meters/UsageBar';
import { formatAmount, formatRatio, hostCapacity } from '../capacity';
import { hostDetailIds } from '../test-ids';

/** Allocation against placement's capacity for vCPU, RAM and disk, with the ratio and reservation that make it. */
export function CapacityBars({ host }: { readonly host: Host }) {
  return (
    <dl className="facts host-capacity">
      {hostCapacity(host).map((r) => (
        <div key={r.resource} className="host-capacity__row" data-testid={hostDetailIds.capacity(r.resource)} data-ratio={r.ratio} data-reserved={r.reserved}>
          <dt>{r.label}</dt>
          <dd>
            <UsageBar label={`${r.label} allocated`} used={r.used} capacity={r.capacity} format={(v) => formatAmount(v, r.unit)} testId={`${hostDetailIds.capacity(r.resource)}-bar`} />
            {r.total !== undefined && (
              <span className="host-capacity__how">{`(${formatAmount(r.total, r.unit)} − ${formatAmount(r.reserved, r.unit)} reserved) × ${formatRatio(r.ratio)} allocation ratio`}</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
