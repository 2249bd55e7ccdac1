import { contours } from 'd3-contour';
import { evaluateGrid, type GridRequest, type GridResult } from '@shared/engine/grid';
import type { ContourMultiPolygon } from 'd3-contour';

/** Threshold levels; logarithmic when a few huge values would flatten a linear scale (Rosenbrock). */
export function contourLevels(values: Float64Array, count = 24): { levels: number[]; logarithmic: boolean } {
  // Plain loops: a typed array's filter() and a full sort of 65,536 values cost ~15 ms an edit.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v !== 0) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0) return { levels: [], logarithmic: false };
  if (max === min) return { levels: [min], logarithmic: false };
  // Logarithmic when most of the plane sits in the bottom hundredth of the range (Rosenbrock's
  // valley): a linear scale would paint it all one colour. The 10th percentile of an even sample
  // of at most 4,096 values is plenty to tell.
  const every = Math.max(1, Math.floor(values.length / 4096));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += every) {
    const v = values[i] as number;
    if (v - v === 0) sample.push(v);
  }
  const sorted = Float64Array.from(sample).sort();
  const low = sorted[Math.floor(sorted.length / 10)] ?? min;
  const logarithmic = max - min > 100 * (low - min + Number.EPSILON);
  // The first level is the minimum itself, so the lowest band is filled too.
  const levels: number[] = [min];
  for (let k = 1; k < count; k++) {
    const share = k / count;
    if (logarithmic) {
      const floor = (max - min) * 1e-5;
      levels.push(min + floor * ((max - min) / floor) ** share);
    } else {
      levels.push(min + (max - min) * share);
    }
  }
  return { levels, logarithmic };
}

/** Filled contour bands of a resolution² grid (row 0 is the lowest y), in grid coordinates. */
export function contourBands(values: Float64Array, resolution: number, levels: number[]): ContourMultiPolygon[] {
  // d3-contour reads NaN as "below every level"; blank cells stay unfilled. It reads a plain
  // array faster than a Float64Array (73 → 66 ms for 24 levels at 256² here): worth one copy.
  return contours().size([resolution, resolution]).thresholds(levels)(Array.from(values));
}

const RAMP: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** A viridis-like colour for t in [0, 1]: perceptually even and readable by the colour-blind. */
export function rampColor(t: number, alpha = 1): string {
  const clamped = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(clamped));
  const f = clamped - i;
  const a = RAMP[i] as readonly [number, number, number];
  const b = RAMP[i + 1] as readonly [number, number, number];
  const mix = (k: 0 | 1 | 2): number => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgba(${mix(0)}, ${mix(1)}, ${mix(2)}, ${alpha})`;
}

/** A filled band ready to draw: its rings as flat (x, y) data coordinates. */
export interface ContourBand {
  /** The band's lower threshold, and its index among the levels (for its colour). */
  readonly level: number;
  readonly index: number;
  /** x0, y0, x1, y1, … of every ring, one after another. */
  readonly coordinates: Float64Array;
  /** How many points each ring has, in order. */
  readonly ringSizes: Uint32Array;
}

export interface ContourInput {
  readonly values: Float64Array;
  readonly resolution: number;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
}

export interface ContourResult {
  readonly bands: ContourBand[];
  readonly levels: number[];
  readonly logarithmic: boolean;
}

/**
 * Levels and filled bands of a sampled function, in the data coordinates of its axes: what the
 * contour worker computes so the chart only strokes paths.
 */
export function computeContours(input: ContourInput, share = { part: 0, parts: 1 }): ContourResult {
  const { values, resolution, xRange, yRange } = input;
  const { levels, logarithmic } = contourLevels(values);
  // A share of the levels (every parts-th one, so each share has low and high levels alike):
  // several workers can contour one grid side by side.
  const mine = levels.map((level, index) => ({ level, index })).filter((l) => l.index % share.parts === share.part);
  const polygons = contourBands(
    values,
    resolution,
    mine.map((l) => l.level),
  );
  // d3-contour's (0, 0) is the corner of cell (0, 0); sample k sits at k + 0.5.
  const sx = (xRange[1] - xRange[0]) / (resolution - 1);
  const sy = (yRange[1] - yRange[0]) / (resolution - 1);
  const bands = polygons.map((polygon, k): ContourBand => {
    const index = mine[k]?.index ?? k;
    let points = 0;
    let rings = 0;
    for (const shape of polygon.coordinates)
      for (const ring of shape) {
        points += ring.length;
        rings++;
      }
    const coordinates = new Float64Array(points * 2);
    const ringSizes = new Uint32Array(rings);
    let p = 0;
    let r = 0;
    for (const shape of polygon.coordinates) {
      for (const ring of shape) {
        ringSizes[r++] = ring.length;
        for (const [gx = 0, gy = 0] of ring) {
          coordinates[p++] = xRange[0] + (gx - 0.5) * sx;
          coordinates[p++] = yRange[0] + (gy - 0.5) * sy;
        }
      }
    }
    return { level: polygon.value, index, coordinates, ringSizes };
  });
  return { bands, levels, logarithmic };
}

/**
 * What a contour worker does for one request: f sampled on the grid, then (for two or more
 * variables) this share of the levels contoured. Throws the grid's UserError for bad axes.
 */
export function sampleAndContour(
  request: GridRequest,
  contour: boolean,
  share = { part: 0, parts: 1 },
): { grid: GridResult; contours: ContourResult | undefined } {
  const grid = evaluateGrid(request);
  return { grid, contours: contour ? computeContours({ ...request, values: grid.values }, share) : undefined };
}
