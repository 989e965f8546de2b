/** Run `work` once, `delayMs` after the last request: bursts of change events cause one reload, not one each. */
export function coalesce(work: () => void, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      work();
    }, delayMs);
  };
}
