/**
 * Call `onFrame` once the canvas shows something other than nothing (the first framebuffer update painted), checking
 * once per animation frame on a 64×36 area-averaged reduction of it (a text screen's few lit strokes still show).
 * Gives up after `timeoutMs` (a guest whose screen is all black never "paints"). Returns the function that stops.
 */
export function watchFirstFrame(canvas: HTMLCanvasElement, onFrame: () => void, timeoutMs = 10_000): () => void {
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 36;
  const context = probe.getContext('2d', { willReadFrequently: true });
  if (context !== null) context.imageSmoothingQuality = 'high';
  const started = performance.now();
  let handle = 0;
  const check = (): void => {
    if (context !== null && canvas.width > 0 && canvas.height > 0) {
      context.clearRect(0, 0, 64, 36);
      context.drawImage(canvas, 0, 0, 64, 36);
      const pixels = context.getImageData(0, 0, 64, 36).data;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! > 0) {
          onFrame();
          return;
        }
      }
    }
    if (performance.now() - started < timeoutMs) handle = requestAnimationFrame(check);
  };
  handle = requestAnimationFrame(check);
  return () => cancelAnimationFrame(handle);
}
