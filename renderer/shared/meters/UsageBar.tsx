import './usage-bar.css';

/** Used vs capacity as a bar with the numbers; amber from 80 %, red over 100 % (overcommitted). */
export function UsageBar(props: {
  readonly label: string;
  readonly used: number;
  /** Undefined while the host has not reported it. */
  readonly capacity: number | undefined;
  readonly format: (value: number) => string;
  readonly testId: string;
}) {
  const { used, capacity } = props;
  const known = capacity !== undefined && capacity > 0;
  const ratio = known ? used / capacity : 0;
  const tone = ratio > 1 ? 'error' : ratio >= 0.8 ? 'warn' : 'ok';
  const text = known ? `${props.format(used)} / ${props.format(capacity)}` : `${props.format(used)} used (capacity not reported yet)`;
  return (
    <div className="usage" data-testid={props.testId} data-used={used} data-capacity={capacity ?? ''}>
      <div
        className={`usage__bar usage__bar--${tone}`}
        role="meter"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={known ? capacity : undefined}
        aria-valuenow={used}
        aria-valuetext={text}
      >
        <div className="usage__fill" style={{ width: `${Math.min(100, Math.round(ratio * 100))}%` }} />
      </div>
      <span className="usage__text">{text}</span>
    </div>
  );
}
