/** Base of every error the inventory raises on purpose: its message is fit to show to the user as is. */
export class InventoryError extends Error {
  override readonly name: string = 'InventoryError';
}

/** A named thing does not exist ("Project demo not found"). */
export class NotFoundError extends InventoryError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly kind: string,
    readonly ref: string,
  ) {
    super(`${kind} ${ref} not found`);
  }
}

/** A thing with this name or id exists already ("Flavor m1.small already exists"). */
export class AlreadyExistsError extends InventoryError {
  override readonly name = 'AlreadyExistsError';
  constructor(
    readonly kind: string,
    readonly ref: string,
  ) {
    super(`${kind} ${ref} already exists`);
  }
}

/** A thing cannot be removed or changed because others still refer to it. */
export class InUseError extends InventoryError {
  override readonly name = 'InUseError';
}

/** Input failed validation; the message names each bad field. */
export class InvalidInputError extends InventoryError {
  override readonly name = 'InvalidInputError';
}

/** The database file was written by a newer Virt Deck: opening it could corrupt data this version does not know. */
export class DatabaseTooNewError extends InventoryError {
  override readonly name = 'DatabaseTooNewError';
  constructor(
    readonly file: string,
    readonly fileVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `Inventory ${file} has schema version ${fileVersion}, but this Virt Deck only knows versions up to ${appVersion}: ` +
        'upgrade Virt Deck, or use another data directory (--data-dir / VIRT_DECK_DATA_DIR)',
    );
  }
}

/** A migration failed; the database is left at the last version that committed. */
export class MigrationError extends InventoryError {
  override readonly name = 'MigrationError';
}

/**
 * A compare-and-swap on an instance's task_state lost: another action got there first (Nova's
 * UnexpectedTaskStateError). Callers turn it into a 409-style refusal.
 */
export class UnexpectedTaskStateError extends InventoryError {
  override readonly name = 'UnexpectedTaskStateError';
  constructor(
    readonly instanceUuid: string,
    readonly expected: readonly (string | null)[],
    readonly actual: string | null,
  ) {
    super(
      `Instance ${instanceUuid}: unexpected task state: expecting ${expected.map((s) => s ?? 'none').join(' or ')} but the task state is ${actual ?? 'none'}`,
    );
  }
}
