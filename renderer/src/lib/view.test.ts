import { describe, expect, it } from 'vitest';
import type { Bounds } from '@shared/engine/bounds';
import { roundedRange, viewForKey } from './view';

describe('the chart’s view', () => {
  it('rounds a zoomed range to three significant digits of its span', () => {
    expect(roundedRange(-5.123456, 5.987654)).toEqual([-5.1, 6]); // a span of 11.1: to 0.1
    expect(roundedRange(1.000012345, 1.000098765)).toEqual([1.0000123, 1.0000988]);
  });

  it('pans a tenth of the view with the arrows and zooms about the centre with + and −', () => {
    const bounds: Bounds = { x: [-5, 5], y: [-2, 2] };
    expect(viewForKey('ArrowRight', bounds, false)).toEqual({ view: { x: [-4, 6], y: [-2, 2] } });
    expect(viewForKey('ArrowUp', bounds, false)).toEqual({ view: { x: [-5, 5], y: [-1.6, 2.4] } });
    expect(viewForKey('+', bounds, false)).toEqual({ view: { x: [-4, 4], y: [-1.6, 1.6] } });
    expect(viewForKey('-', bounds, false)).toEqual({ view: { x: [-6.25, 6.25], y: [-2.5, 2.5] } });
    expect(viewForKey('0', bounds, false)).toEqual({ reset: true });
    expect(viewForKey('Enter', { x: [0, 2], y: [0, 4] }, false)).toEqual({ pick: [1, 2] });
    expect(viewForKey('a', bounds, false)).toBeUndefined();
  });

  it('keeps f’s range in one variable: only x pans and zooms', () => {
    const bounds: Bounds = { x: [-5, 5], y: [0, 25] };
    expect(viewForKey('ArrowUp', bounds, true)).toEqual({ view: { x: [-5, 5], y: [0, 25] } });
    expect(viewForKey('+', bounds, true)).toEqual({ view: { x: [-4, 4], y: [0, 25] } });
  });
});
