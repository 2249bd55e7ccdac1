/**
 * The window's own timings, as User Timing entries: they show in DevTools' performance panel and
 * `npm run bench:ui` reads them. Each name keeps only its latest entry, so a long session does not
 * grow a buffer of them.
 */
export const TIMING = {
  /** From a contour request to the workers' answer taken (a measure). */
  contoursAnswered: 'descent-lab:contours-answered',
  /** The slowest contour worker's own time for that answer (a measure). */
  contoursWorker: 'descent-lab:contours-worker',
  /** New contours painted on the chart: on screen at the end of this frame (a mark). */
  contoursPainted: 'descent-lab:contours-painted',
} as const;

type Timing = (typeof TIMING)[keyof typeof TIMING];

/** Records `name` as lasting from `start` (a `performance.now()` time) for `duration`, or until now. */
export function measure(name: Timing, start: number, duration = performance.now() - start): void {
  performance.clearMeasures(name);
  performance.measure(name, { start, duration });
}

/** Records that `name` happened now. */
export function mark(name: Timing): void {
  performance.clearMarks(name);
  performance.mark(name);
}
