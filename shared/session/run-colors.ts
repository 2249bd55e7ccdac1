/**
 * Run colours: distinct from one another (Okabe–Ito, less its yellow, which vanishes on the
 * colour map's yellow end, plus three more; no white, which a legend's light background hides),
 * each drawn with a dark halo so it stays legible over any part of the contours, in either theme.
 * Ten, so a compare of every optimizer has no two alike.
 */
export const RUN_COLORS = [
  '#ff5a36',
  '#0072b2',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#d55e00',
  '#b15928',
  '#882255',
  '#999933',
] as const;

/** The colour for a new run: the one the session's runs use least (the first such, in order). */
export function nextRunColor(used: readonly (string | undefined)[]): string {
  const counts = new Map<string, number>(RUN_COLORS.map((color) => [color, 0]));
  for (const color of used) if (color && counts.has(color)) counts.set(color, (counts.get(color) ?? 0) + 1);
  let best: string = RUN_COLORS[0];
  for (const color of RUN_COLORS) if ((counts.get(color) ?? 0) < (counts.get(best) ?? 0)) best = color;
  return best;
}
