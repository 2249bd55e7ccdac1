import { describe, expect, it } from 'vitest';
import { formatMessage } from '../messages';
import { prepareRun } from './prepare';

describe("the article's experiment", () => {
  it('reproduces numpy to the last bit: x² + y² from (−3, 4), η = 0.1, 100 steps, central difference', () => {
    const prepared = prepareRun({
      expression: 'x^2 + y^2',
      start: [-3, 4],
      optimizer: { name: 'sgd', lr: 0.1 },
      gradient: { method: 'central', h: 1e-4 },
      stop: { maxSteps: 100 },
    });
    if (!prepared.ok) throw new Error(formatMessage(prepared.error));
    const summary = prepared.value.runToEnd();
    expect(summary.status).toBe('max-steps');
    expect(summary.steps).toBe(100);
    const [x, y] = summary.x;
    expect(Math.abs((x ?? 0) - -6.111107928998789e-10) / 6.111107928998789e-10).toBeLessThan(1e-15);
    expect(Math.abs((y ?? 0) - 8.148143905314271e-10) / 8.148143905314271e-10).toBeLessThan(1e-15);
  });
});
