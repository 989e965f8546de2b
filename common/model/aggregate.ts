/** A host aggregate: a named group of hosts with free-form metadata (availability_zone, extra-spec matches, weight multipliers). */
export interface Aggregate {
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
}
