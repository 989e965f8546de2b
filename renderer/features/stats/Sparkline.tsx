/** A tiny line chart of recent values (no axes): a list row's CPU. Nulls break the line. */
export function Sparkline(props: {
  readonly values: readonly (number | null)[];
  /** The value at the top edge (default 100: percent). */
  readonly max?: number;
  readonly width?: number;
  readonly height?: number;
  /** What it shows, for screen readers and the tooltip. */
  readonly label: string;
}) {
  const { values, max = 100, width = 48, height = 16 } = props;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((value, i) => {
    if (value === null) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
      return;
    }
    const y = height - 1 - (Math.min(Math.max(value, 0), max) / max) * (height - 2);
    current.push(`${(i * step).toFixed(1)},${y.toFixed(1)}`);
  });
  if (current.length > 0) segments.push(current.join(' '));
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.label}>
      <title>{props.label}</title>
      {segments.map((points, i) =>
        // A lone point (its neighbours missing) is drawn as a dot so it is not lost.
        points.includes(' ') ? <polyline key={i} points={points} /> : <circle key={i} cx={points.split(',')[0]} cy={points.split(',')[1]} r={1} />,
      )}
    </svg>
  );
}
