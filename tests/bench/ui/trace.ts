// Main-thread CPU time from a Chromium trace. On a shared, loaded machine the wall-clock time of a frame includes the
// time the renderer waited for a core; the thread time (`tdur`) of its tasks does not. The page marks the moments with
// console.timeStamp(); the tasks of the page's main thread are summed between them.
import type { Browser, Page } from '@playwright/test';

/** The trace events used here (Chrome's Trace Event Format; times in µs). */
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly data?: { readonly message?: string } };
}

/** A trace of the page's main thread: its top-level tasks and the page's marks. */
export interface MainThreadTrace {
  readonly tasks: readonly { readonly start: number; readonly end: number; readonly cpu: number }[];
  readonly marks: readonly { readonly name: string; readonly at: number }[];
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** Run `work` while tracing, and keep the main thread of the page that made the marks. */
export async function traceMainThread<T>(browser: Browser, page: Page, work: () => Promise<T>): Promise<{ result: T; trace: MainThreadTrace }> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await browser.stopTracing();
    throw error;
  }
  const parsed = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const stamps = events.filter((event) => event.name === 'TimeStamp' && typeof event.args?.data?.message === 'string' && event.args.data.message.startsWith('vd-'));
  const first = stamps[0];
  if (first === undefined) return { result, trace: { tasks: [], marks: [] } };
  const onMain = (event: TraceEvent) => event.pid === first.pid && event.tid === first.tid;
  const tasks = events
    .filter((event) => onMain(event) && event.ph === 'X' && (event.name === 'RunTask' || event.name === 'ThreadControllerImpl::RunTask'))
    .map((event) => ({ start: event.ts / 1000, end: (event.ts + (event.dur ?? 0)) / 1000, cpu: (event.tdur ?? event.dur ?? 0) / 1000 }))
    .sort((a, b) => a.end - b.end);
  const marks = stamps.map((event) => ({ name: event.args?.data?.message ?? '', at: event.ts / 1000 })).sort((a, b) => a.at - b.at);
  return { result, trace: { tasks, marks } };
}

/**
 * CPU time per frame: the marks named `name` start each frame; a task belongs to the last mark before its end (the
 * frame's own rendering task contains its mark; what runs before the next frame is the rest of this frame's work).
 */
export function cpuPerFrame(trace: MainThreadTrace, name: string): number[] {
  const starts = trace.marks.filter((mark) => mark.name === name).map((mark) => mark.at);
  const frames = starts.map(() => 0);
  let frame = -1;
  for (const task of trace.tasks) {
    while (frame + 1 < starts.length && (starts[frame + 1] as number) <= task.end) frame++;
    if (frame >= 0 && frame < starts.length - 1) frames[frame] = (frames[frame] as number) + task.cpu;
  }
  // The last frame has no end: dropped, as the first (it only starts the work).
  return frames.slice(1, -1);
}

/** CPU time between each `<prefix>start` mark and the `<prefix>end` mark after it (tasks that end in between). */
export function cpuBetweenMarks(trace: MainThreadTrace, start: string, end: string): number[] {
  const spans: number[] = [];
  let open: number | null = null;
  for (const mark of trace.marks) {
    if (mark.name === start) open = mark.at;
    else if (mark.name === end && open !== null) {
      const from = open;
      spans.push(trace.tasks.filter((task) => task.end >= from && task.end <= mark.at + 0.001).reduce((sum, task) => sum + task.cpu, 0));
      open = null;
    }
  }
  return spans;
}
