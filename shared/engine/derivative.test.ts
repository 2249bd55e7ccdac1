import { describe, expect, it } from 'vitest';
import { compileValue, compileValueGradient, evaluateColumns, evaluateRows, interpret } from './compile';
import { parseOrThrow } from './expression';
import { centralDifference, createObjective, symbolicGradient } from './objective';
import type { ParsedExpression } from './expression';
import type { GradientMethod } from '../spec';

/** The gap between a numerical gradient and the exact one at x. */
function gradientDiscrepancy(
  expression: ParsedExpression,
  x: readonly number[],
  method: Exclude<GradientMethod, 'exact'>,
  h: number,
): { exact: number[]; numerical: number[]; maxAbsoluteError: number } {
  const n = expression.variables.length;
  const point = Float64Array.from(x);
  const exact = new Float64Array(n);
  const numerical = new Float64Array(n);
  createObjective(expression, 'exact').valueAndGradient(point, exact);
  createObjective(expression, method, h).valueAndGradient(point, numerical);
  let maxAbsoluteError = 0;
  for (let i = 0; i < n; i++)
    maxAbsoluteError = Math.max(maxAbsoluteError, Math.abs((exact[i] as number) - (numerical[i] as number)));
  return { exact: Array.from(exact), numerical: Array.from(numerical), maxAbsoluteError };
}

const CASES: [string, number[]][] = [
  ['x^2 + y^2', [-3, 4]],
  ['(1 - x)^2 + 100(y - x^2)^2', [-1.5, 2]],
  ['sin(x) * cos(y) + tan(x / 3)', [0.4, -1.2]],
  ['asin(x / 2) + acos(y / 3) + atan(x y)', [0.3, 0.7]],
  ['atan2(y, x) + hypot(x, y, 2)', [1.5, -0.5]],
  ['sinh(x) + cosh(y) + tanh(x - y)', [0.2, 0.9]],
  ['exp(-x^2) * log(y) + log(x, 3) + log10(y) + log2(x)', [1.7, 2.3]],
  ['sqrt(x^2 + 1) + cbrt(y) + abs(x - y)', [0.8, 2.1]],
  ['min(x, y)^2 + max(x, y, 0.5)', [0.3, 1.1]],
  ['pow(x, y) + x^y + 2^x', [1.3, 0.7]],
  ['x y z + z^3 - 2 pi x', [1, 2, 3]],
];

describe('symbolic gradient', () => {
  it.each(CASES)('matches central differences for %s', (text, point) => {
    const expression = parseOrThrow(text);
    const { maxAbsoluteError, exact } = gradientDiscrepancy(expression, point, 'central', 1e-6);
    const scale = Math.max(1, ...exact.map(Math.abs));
    expect(maxAbsoluteError / scale).toBeLessThan(1e-6);
  });

  it('reads well as text and LaTeX', () => {
    const gradient = symbolicGradient(parseOrThrow('x^2 + y^2'));
    expect(gradient.text).toEqual(['2 * x', '2 * y']);
    expect(gradient.tex).toEqual(['2 x', '2 y']);
    const rosenbrock = symbolicGradient(parseOrThrow('(1 - x)^2 + 100 (y - x^2)^2'));
    expect(rosenbrock.text[1]).toBe('200 * (y - x ^ 2)');
  });
});

describe('compiled evaluators', () => {
  it.each(CASES)('generated code and the closure interpreter agree bit for bit on %s', (text, point) => {
    const expression = parseOrThrow(text);
    const n = expression.variables.length;
    const generated = compileValue(expression.tree, n);
    const interpreted = interpret(expression.tree);
    expect(generated(point)).toBe(interpreted(point));
    const gradient = symbolicGradient(expression).trees;
    const withGradient = compileValueGradient(expression.tree, gradient, n);
    const g = new Float64Array(n);
    expect(withGradient(point, g)).toBe(generated(point));
    expect(Array.from(g)).toEqual(gradient.map((tree) => interpret(tree)(point)));
  });

  it.each(CASES)('the column evaluator agrees bit for bit with the interpreter on %s', (text, point) => {
    const expression = parseOrThrow(text);
    // 64 points spread around the case's point, some outside the domain (log of a negative:
    // NaN), the last variable held as one number for all of them.
    const count = 64;
    const columns = point.map((v, i) =>
      i === point.length - 1 ? v : Float64Array.from({ length: count }, (_, k) => v + (k - 32) * 0.07 * (i + 1)),
    );
    const at = (k: number): number[] => columns.map((c) => (typeof c === 'number' ? c : (c[k] as number)));
    for (const tree of [expression.tree, ...symbolicGradient(expression).trees]) {
      const result = evaluateColumns(tree, columns, count);
      const f = interpret(tree);
      for (let k = 0; k < count; k++) {
        expect(result[k]).toBe(f(at(k)));
      }
    }
  });

  it.each(CASES)(
    'the row evaluator agrees bit for bit with the interpreter, rows reusing what is the same: %s',
    (text, point) => {
      const expression = parseOrThrow(text);
      const n = point.length;
      const width = 40;
      const xs = Float64Array.from({ length: width }, (_, k) => (point[0] ?? 0) + (k - 20) * 0.09);
      const rowIndex = n > 1 ? 1 : -1;
      const ys = Float64Array.from({ length: 7 }, (_, r) => (point[1] ?? 0) + (r - 3) * 0.21);
      const columns = point.map((v, i) => (i === 0 ? xs : v));
      for (const tree of [expression.tree, ...symbolicGradient(expression).trees]) {
        const result = evaluateRows(tree, columns, { index: rowIndex, values: ys }, width);
        const f = interpret(tree);
        for (let r = 0; r < ys.length; r++) {
          for (let k = 0; k < width; k++) {
            const at = point.map((v, i) => (i === 0 ? (xs[k] as number) : i === rowIndex ? (ys[r] as number) : v));
            expect(result[r * width + k]).toBe(f(at));
          }
        }
      }
    },
  );

  it('central difference restores the point it perturbs', () => {
    const expression = parseOrThrow('x^3 + y');
    const x = Float64Array.from([0.1, 0.2]);
    const g = new Float64Array(2);
    centralDifference(compileValue(expression.tree, 2), x, g, 1e-4);
    expect(Array.from(x)).toEqual([0.1, 0.2]);
  });

  it('user-typed names never reach generated code', () => {
    const expression = parseOrThrow('constructor + __proto__ * prototype');
    // Sorted: __proto__, constructor, prototype.
    expect(expression.variables).toEqual(['__proto__', 'constructor', 'prototype']);
    const f = compileValue(expression.tree, 3);
    expect(f([1, 2, 3])).toBe(2 + 1 * 3);
  });
});
