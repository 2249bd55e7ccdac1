import { computeContours, type ContourInput } from '../lib/contours';

/**
 * Contours off the UI thread: levels, d3-contour's bands and their projection to data
 * coordinates. The answer's buffers are transferred, not copied.
 */
self.onmessage = (event: MessageEvent<{ id: number; input: ContourInput; part: number; parts: number }>) => {
  const { id, input, part, parts } = event.data;
  const started = performance.now();
  const result = computeContours(input, { part, parts });
  const transfer = result.bands.flatMap((band) => [band.coordinates.buffer, band.ringSizes.buffer]);
  self.postMessage({ id, result, ms: performance.now() - started }, { transfer });
};
