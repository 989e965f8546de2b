/**
 * A sparkline's drawing as one SVG path: `values` spread over `width`, `max` at the top edge of `height`. Nulls break
 * the line (a new subpath); a lone point between gaps is a zero-length subpath, which the round caps draw as a dot.
 */
export function sparklinePath(values: readonly (number | null)[], width: number, height: number, max = 100): string {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let d = '';
  let open = false;
  let lone = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      if (lone) d += 'h0';
      open = false;
      lone = false;
      continue;
    }
    const y = height - 1 - (Math.min(Math.max(value, 0), max) / max) * (height - 2);
    d += `${open ? 'L' : 'M'}${(i * step).toFixed(1)} ${y.toFixed(1)}`;
    lone = !open;
    open = true;
  }
  return lone ? `${d}h0` : d;
}

/** A tiny line chart of recent values (no axes): a list row's CPU. One element draws it: rows are paid per element. */
export function Sparkline(props: {
  /** The drawing, from {@link sparklinePath} over the same width and height. */
  readonly path: string;
  readonly width?: number;
  readonly height?: number;
  /** What it shows, for screen readers and the tooltip. */
  readonly label: string;
}) {
  const { width = 48, height = 16 } = props;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.label}>
      <title>{props.label}</title>
      <path d={props.path} />
    </svg>
  );
}
