import type { Bounds } from '@shared/engine/bounds';

/** A range rounded to three significant digits of its span: readable, and no visible jump. */
export function roundedRange(a: number, b: number): [number, number] {
  const unit = 10 ** (Math.floor(Math.log10(b - a)) - 2);
  return [Number((Math.round(a / unit) * unit).toPrecision(12)), Number((Math.round(b / unit) * unit).toPrecision(12))];
}

/** What a key does to the chart's view: arrows pan a tenth of it, + and − zoom about its centre. */
export type ViewKey = { view: Bounds } | { reset: true } | { pick: [number, number] };

/**
 * The chart from the keyboard: arrows pan a tenth of the view, + and − zoom about its centre,
 * Enter sets the start at the centre (a click's job), 0 resets the view. In one variable the
 * vertical range (f's) stays. Undefined for any other key.
 */
export function viewForKey(key: string, bounds: Bounds, oneVariable: boolean): ViewKey | undefined {
  const { x, y } = bounds;
  const [w, h] = [x[1] - x[0], y[1] - y[0]];
  const centre: [number, number] = [(x[0] + x[1]) / 2, (y[0] + y[1]) / 2];
  const shifted = (dx: number, dy: number): ViewKey => ({
    view: {
      x: [x[0] + dx * w, x[1] + dx * w],
      y: oneVariable ? [y[0], y[1]] : [y[0] + dy * h, y[1] + dy * h],
    },
  });
  const scaled = (k: number): ViewKey => ({
    view: {
      x: [centre[0] - (w * k) / 2, centre[0] + (w * k) / 2],
      y: oneVariable ? [y[0], y[1]] : [centre[1] - (h * k) / 2, centre[1] + (h * k) / 2],
    },
  });
  switch (key) {
    case 'ArrowLeft':
      return shifted(-0.1, 0);
    case 'ArrowRight':
      return shifted(0.1, 0);
    case 'ArrowUp':
      return shifted(0, 0.1);
    case 'ArrowDown':
      return shifted(0, -0.1);
    case '+':
    case '=':
      return scaled(0.8);
    case '-':
      return scaled(1.25);
    case '0':
      return { reset: true };
    case 'Enter':
      return { pick: centre };
    default:
      return undefined;
  }
}
