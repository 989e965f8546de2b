/** A quota input that is not a well-formed number (NaN, fractional count, limit below −1). Names the field. */
export class QuotaInputError extends Error {
  override readonly name = 'QuotaInputError';
}
