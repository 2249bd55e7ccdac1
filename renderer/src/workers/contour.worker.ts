import { UserError, message } from '@shared/messages';
import { sampleAndContour } from '../lib/contours';
import type { ContourReply, ContourRequest } from '../lib/contour-client';

/**
 * The contour chart's data off the UI thread: f sampled on the grid (the engine's compiled
 * function, no eval), then levels and this worker's share of the contours (the isolines, the band
 * raster, or both), in data coordinates. The answer's buffers are transferred.
 */
self.onmessage = (event: MessageEvent<ContourRequest>) => {
  const { id, grid: request, contour, tasks } = event.data;
  const started = performance.now();
  let reply: ContourReply;
  try {
    const { grid, contours: result } = sampleAndContour(request, contour, tasks);
    // The grid goes to the store from the worker that traces the isolines (the chart and the
    // one-variable curve use it).
    reply = { id, grid: tasks.isolines ? grid : undefined, result, ms: performance.now() - started };
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
    ...(reply.result?.raster ? [reply.result.raster.bands.buffer] : []),
  ];
  self.postMessage(reply, { transfer });
};
