import { describe, expect, it } from 'vitest';
import { formatMessage } from '../messages';
import { compileValue } from './compile';
import { parseOrThrow } from './expression';
import { PRESETS } from './presets';
import { prepareRun } from './prepare';

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))('%s: its listed minima have the listed value', (_name, preset) => {
    const expression = parseOrThrow(preset.expression);
    expect(expression.variables).toEqual(['x', 'y']);
    const f = compileValue(expression.tree, 2);
    for (const minimum of preset.minima) {
      // Minima are listed to 4–6 decimals; f there is within that rounding of the listed value.
      expect(Math.abs(f(minimum.point) - minimum.value)).toBeLessThan(1e-3);
    }
    expect(preset.source).not.toBe('');
  });

  it.each(PRESETS.filter((p) => p.minima.length > 0).map((p) => [p.name, p] as const))(
    '%s: its suggested optimizer reaches a listed minimum',
    (_name, preset) => {
      const prepared = prepareRun({ expression: preset.expression, ...preset.suggested });
      if (!prepared.ok) throw new Error(formatMessage(prepared.error));
      const summary = prepared.value.runToEnd();
      expect(summary.status).not.toBe('diverged');
      const distances = preset.minima.map((m) =>
        Math.hypot((summary.x[0] ?? 0) - m.point[0], (summary.x[1] ?? 0) - m.point[1]),
      );
      expect(Math.min(...distances)).toBeLessThan(1e-3);
      const nearest = preset.minima[distances.indexOf(Math.min(...distances))];
      expect(summary.value).toBeCloseTo(nearest?.value ?? Number.NaN, 3);
    },
  );

  it('the saddle is unbounded below: a run slides away and is stopped as diverged', () => {
    const saddle = PRESETS.find((p) => p.id === 'saddle');
    const prepared = prepareRun({ expression: saddle?.expression, ...saddle?.suggested, stop: { maxSteps: 10_000 } });
    if (!prepared.ok) throw new Error(formatMessage(prepared.error));
    expect(prepared.value.runToEnd().status).toBe('diverged');
  });
});
