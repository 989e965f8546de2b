import { BackendError } from '../backend/backend';

/** What a store that loads one thing holds besides the thing: the last error, and whether a load is running. */
export interface LoadState {
  readonly loading: boolean;
  /** The last load's error message, or null. */
  readonly error: string | null;
}

/** A caught error as a message for the UI. */
export function errorMessage(error: unknown): string {
  if (error instanceof BackendError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
