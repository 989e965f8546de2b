// Importing a local file from the Source step: the checks before it starts, and the progress line (bytes sent of
// the total, rate over the last seconds, time left). Pure: unit-tested with explicit clocks.
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../../common/contract/upload-wire';
import { formatBytes } from '../../shared/format/format';
import { nameProblem } from './wizard-model';

/** How long a window the rate is measured over (a steady figure, still following changes). */
export const RATE_WINDOW_MS = 3000;

/** One import of a local file, as the Source step shows it. */
export interface UploadState {
  readonly fileName: string;
  /** The image's name. */
  readonly name: string;
  readonly total: number;
  readonly sent: number;
  /** uploading → done (the image is selected) or failed (the reason) or cancelled. */
  readonly phase: 'uploading' | 'done' | 'failed' | 'cancelled';
  /** Recent (time, bytes sent) pairs, oldest first, for the rate. */
  readonly samples: readonly { readonly at: number; readonly sent: number }[];
  readonly error: string | null;
}

/** A new upload, started at `now`. */
export function startedUpload(fileName: string, name: string, total: number, now: number): UploadState {
  return { fileName, name, total, sent: 0, phase: 'uploading', samples: [{ at: now, sent: 0 }], error: null };
}

/** The state after a progress report at `now` (samples older than the rate window dropped, one kept as its start). */
export function withProgress(state: UploadState, sent: number, total: number, now: number): UploadState {
  const samples = [...state.samples, { at: now, sent }];
  while (samples.length > 2 && (samples[1]?.at ?? now) <= now - RATE_WINDOW_MS) samples.shift();
  return { ...state, sent, total, samples };
}

/** Bytes per second over the window, or null until there is a measurable interval. */
export function uploadRate(state: UploadState): number | null {
  const first = state.samples[0];
  const last = state.samples[state.samples.length - 1];
  if (first === undefined || last === undefined || last.at - first.at < 200) return null;
  return ((last.sent - first.sent) * 1000) / (last.at - first.at);
}

/** Seconds left at the current rate, or null when unknown. */
export function uploadEta(state: UploadState): number | null {
  const rate = uploadRate(state);
  if (rate === null || rate <= 0) return null;
  return Math.max(0, Math.ceil((state.total - state.sent) / rate));
}

/** `12.0 MiB of 40.0 MiB · 5.1 MiB/s · 6 s left` (rate and time left once known). */
export function progressLine(state: UploadState): string {
  const parts = [`${formatBytes(state.sent)} of ${formatBytes(state.total)}`];
  const rate = uploadRate(state);
  if (rate !== null) parts.push(`${formatBytes(Math.round(rate))}/s`);
  const eta = uploadEta(state);
  if (eta !== null && state.sent < state.total) parts.push(`${formatDuration(eta)} left`);
  if (state.sent >= state.total && state.phase === 'uploading') parts.push('checking the image…');
  return parts.join(' · ');
}

/** `45 s`, `3 min 20 s`, `1 h 5 min`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** What is wrong before an upload can start: no file, an empty or too large one, a bad name. */
export function uploadProblems(file: { readonly size: number } | null, name: string, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): { file?: string; name?: string } {
  const problems: { file?: string; name?: string } = {};
  if (file === null) problems.file = 'Choose a qcow2 or raw disk image file';
  else if (file.size === 0) problems.file = 'The file is empty';
  else if (file.size > maxBytes) problems.file = `The file is ${formatBytes(file.size)}; uploads are limited to ${formatBytes(maxBytes)}`;
  const named = nameProblem(name);
  if (named !== undefined) problems.name = named === 'Give the instance a name' ? 'Give the image a name' : named;
  return problems;
}
