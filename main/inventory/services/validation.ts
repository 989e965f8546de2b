import type { Validated } from '../../quota/validation';
import { InvalidInputError } from '../errors';

/** The validated value, or an {@link InvalidInputError} listing every problem. */
export function valueOrThrow<T>(result: Validated<T>): T {
  if (!result.ok) throw new InvalidInputError(result.message);
  return result.value;
}
