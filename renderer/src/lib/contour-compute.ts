import mlcontour from 'maplibre-contour';
import { evaluateGrid, type GridRequest, type GridResult } from '@shared/engine/grid';
import {
  contourLevels,
  levelPositions,
  rasterBands,
  type ContourInput,
  type ContourResult,
  type ContourShare,
  type Isoline,
  type LevelScale,
} from './contours';

/*
 * What the contour workers compute. Kept apart from contours.ts because maplibre-contour, once
 * loaded, sets up a worker of its own for map tiles (a blob URL): the window never loads this
 * module (the client's in-place fallback imports it lazily).
 */

/** Fixed-point steps per grid cell in maplibre-contour's output (it rounds to whole units). */
const SUBCELL = 256;

/**
 * The isolines between the bands, every level in one pass over the grid (maplibre-contour; one
 * pass per level, as d3-contour makes, cost about five times as long at 24 levels). Positions put level
 * k at k, so the interval is 1 — or `parts`, shifted by `part`, for this share's every parts-th
 * level. The lowest level (the minimum itself) has no line.
 */
function traceIsolines(
  positions: Float64Array,
  input: ContourInput,
  scale: LevelScale,
  { part, parts }: ContourShare,
): Isoline[] {
  const { resolution } = input;
  const { x: xRange, y: yRange } = input.bounds;
  const tile = new mlcontour.HeightTile(
    resolution,
    resolution,
    (x, y) => (positions[y * resolution + x] as number) - part,
  );
  const lines = mlcontour.generateIsolines(parts, tile, (resolution - 1) * SUBCELL, 0);
  const sx = (xRange[1] - xRange[0]) / ((resolution - 1) * SUBCELL);
  const sy = (yRange[1] - yRange[0]) / ((resolution - 1) * SUBCELL);
  const out: Isoline[] = [];
  for (let index = part; index < scale.levels.length; index += parts) {
    const found = lines[index - part];
    if (index === 0 || !found || found.length === 0) continue;
    const lineSizes = Uint32Array.from(found, (line) => line.length / 2);
    const coordinates = new Float64Array(found.reduce((sum, line) => sum + line.length, 0));
    let p = 0;
    for (const line of found) {
      for (let k = 0; k < line.length; k += 2) {
        coordinates[p++] = xRange[0] + (line[k] as number) * sx;
        coordinates[p++] = yRange[0] + (line[k + 1] as number) * sy;
      }
    }
    out.push({ level: scale.levels[index] as number, index, coordinates, lineSizes });
  }
  return out;
}

const WHOLE: ContourShare = { part: 0, parts: 1 };

/**
 * Levels, isolines and the band raster of a sampled function, in the data coordinates of its
 * axes: what the contour workers compute so the chart only strokes lines and copies pixels.
 */
export function computeContours(input: ContourInput, share: ContourShare = WHOLE): ContourResult {
  const scale = contourLevels(input.values);
  const positions = levelPositions(input.values, scale);
  return {
    levels: scale.levels,
    logarithmic: scale.logarithmic,
    bounds: input.bounds,
    isolines: traceIsolines(positions, input, scale, share),
    raster: rasterBands(positions, input.resolution, Math.max(1, scale.levels.length), share),
  };
}

/**
 * What a contour worker does for one request: f sampled on the grid, then (for two or more
 * variables) its share of the contours. Throws the grid's UserError for bad axes.
 */
export function sampleAndContour(
  request: GridRequest,
  contour: boolean,
  share: ContourShare = WHOLE,
): { grid: GridResult; contours: ContourResult | undefined } {
  const grid = evaluateGrid(request);
  return { grid, contours: contour ? computeContours({ ...request, values: grid.values }, share) : undefined };
}
