import { contours } from 'd3-contour';
import type { ContourMultiPolygon } from 'd3-contour';

/** Threshold levels; logarithmic when a few huge values would flatten a linear scale (Rosenbrock). */
export function contourLevels(values: Float64Array, count = 24): { levels: number[]; logarithmic: boolean } {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length === 0) return { levels: [], logarithmic: false };
  const min = finite[0] as number;
  const max = finite[finite.length - 1] as number;
  if (max === min) return { levels: [min], logarithmic: false };
  // Logarithmic when most of the plane sits in the bottom hundredth of the range (Rosenbrock's
  // valley): a linear scale would paint it all one colour.
  const low = finite[Math.floor(finite.length / 10)] as number;
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
  // d3-contour reads NaN as "below every level"; blank cells stay unfilled.
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
