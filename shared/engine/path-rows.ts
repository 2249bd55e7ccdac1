/**
 * Rows of a run's path as columns of doubles: row k is step `steps[k]` at point
 * `points[k·dimension …]`, with f and ‖∇f‖ there. The one shape of a path from the engine to the
 * chart: a batch the engine takes, what a worker posts, what the window is sent and draws, what
 * the history stores. Only the first `count` rows of each column are the path's (a growing buffer
 * has room beyond them); steps need not be consecutive once a long path is thinned.
 */
export interface PathRows {
  readonly count: number;
  readonly dimension: number;
  readonly steps: Float64Array;
  /** count × dimension coordinates, row by row. */
  readonly points: Float64Array;
  readonly values: Float64Array;
  readonly gradientNorms: Float64Array;
}

/** A run's whole recorded path: its rows, and whether long stretches of it were thinned. */
export interface RecordedPath extends PathRows {
  readonly thinned: boolean;
}
