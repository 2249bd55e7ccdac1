import { UserError, message } from '@shared/messages';
import { sampleAndContour } from '../lib/contour-compute';
import type { ContourReply, ContourRequest } from '../lib/contour-client';

/**
 * The contour chart's data off the UI thread: f sampled on the grid (the engine's column
 * evaluator, no eval), then levels and this worker's share of the contours (every parts-th level's
 * isolines, a strip of the band raster), in data coordinates. The answer's buffers are transferred.
 */
self.onmessage = (event: MessageEvent<ContourRequest>) => {
  const { id, grid: request, contour, part, parts } = event.data;
  const started = performance.now();
  let reply: ContourReply;
  try {
    const { grid, contours: result } = sampleAndContour(request, contour, { part, parts });
    // The first worker's grid goes to the store (the chart and the one-variable curve use it).
    reply = { id, grid: part === 0 ? grid : undefined, result, ms: performance.now() - started };
  } catch (error) {
    reply = {
      id,
      error: error instanceof UserError ? error.detail : message('worker.jobFailed', { detail: String(error) }),
      ms: 0,
    };
  }
  const transfer = [
    ...(reply.grid ? [reply.grid.values.buffer] : []),
    ...(reply.result?.isolines.flatMap((line) => [line.coordinates.buffer, line.lineSizes.buffer]) ?? []),
    ...(reply.result ? [reply.result.raster.pixels.buffer] : []),
  ];
  self.postMessage(reply, { transfer });
};

// Loaded (the engine and maplibre-contour evaluated): from now on a slow answer means a slow
// function, which the client may give up on.
self.postMessage('ready');
