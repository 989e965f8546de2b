/** A scheduling request or config that cannot be used as given (names the field and the value). */
export class PlacementInputError extends Error {
  override readonly name = 'PlacementInputError';
}
