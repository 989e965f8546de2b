import type { Instance } from '../../../common/contract/schemas';

/** Why the CPU column is empty: said in its header and cells, rather than drawing anything. */
export const CPU_SLOT_TITLE = 'CPU usage needs live statistics, which this version does not collect yet';

/**
 * The CPU column's slot. The live statistics (bulk stats, collected for what is on screen) fill it with a sparkline;
 * until they exist it shows a dash (the column's tooltip says why).
 */
export function CpuCell(_props: { readonly instance: Instance }) {
  return '–';
}
