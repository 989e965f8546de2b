import type { ReactNode } from 'react';
import './table.css';

/** One row of a property/value list. */
export interface Property {
  /** As `nova show` names it (`vm_state`, `task_state`, …); also the value cell's test id suffix. */
  readonly name: string;
  readonly value: ReactNode;
}

/** A `nova show`-style Property/Value table. */
export function PropertyTable(props: { readonly rows: readonly Property[]; readonly valueTestId: (name: string) => string }) {
  return (
    <table className="table props">
      <thead>
        <tr>
          <th scope="col">Property</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.name}>
            <th scope="row">{row.name}</th>
            <td data-testid={props.valueTestId(row.name)}>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
