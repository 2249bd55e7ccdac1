/** A rectangle of the plane: a chart's view, a grid's extent, a preset's usual domain. */
export interface Bounds {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** A square around the origin that holds the start point with a margin. */
export function boundsAround(start: readonly number[]): Bounds {
  const reach = Math.max(5, ...start.filter(Number.isFinite).map((v) => Math.ceil(Math.abs(v) * 1.25)));
  return { x: [-reach, reach], y: [-reach, reach] };
}
