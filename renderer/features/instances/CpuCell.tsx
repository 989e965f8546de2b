import type { Instance } from '../../../common/contract/schemas';

/**
 * The CPU column's slot. The live statistics (bulk stats, collected for what is on screen) fill it with a sparkline;
 * until they exist it says so rather than drawing anything.
 */
export function CpuCell(_props: { readonly instance: Instance }) {
  return (
    <span className="muted" title="CPU usage needs live statistics, which this version does not collect yet">
      –
    </span>
  );
}
