import { compileHessian, compileValue, compileValueGradient, type ValueFn } from './compile';
import { differentiate, gradientOf } from './derivative';
import type { ParsedExpression } from './expression';
import { simplify } from './simplify';
import { toTex, toText } from './format';
import type { Expr } from './ir';
import type { GradientMethod } from '../spec';

/** What an optimizer may ask of the function it minimises. */
export interface Objective {
  readonly dimension: number;
  // Function-valued properties, not methods: the runner calls them detached from the object.
  readonly value: (x: Float64Array) => number;
  /** Writes ∇f(x) into `gradient` and returns f(x). `x` is left as it was. */
  readonly valueAndGradient: (x: Float64Array, gradient: Float64Array) => number;
  /** Writes the row-major Hessian into `hessian`. */
  readonly hessian: (x: Float64Array, hessian: Float64Array) => void;
}

/**
 * Central difference exactly as the article (and "Deep Learning from Scratch") computes it: each
 * coordinate is moved by ±h in place, f is evaluated, and the coordinate is restored — the
 * floating-point operations match numpy's, so the article's digits come out bit for bit.
 */
export function centralDifference(f: ValueFn, x: Float64Array, gradient: Float64Array, h: number): void {
  for (let i = 0; i < x.length; i++) {
    const saved = x[i] as number;
    x[i] = saved + h;
    const plus = f(x);
    x[i] = saved - h;
    const minus = f(x);
    gradient[i] = (plus - minus) / (2 * h);
    x[i] = saved;
  }
}

/** Forward difference (f(x + h·eᵢ) − f(x)) / h, reusing the f(x) the caller already has. */
function forwardDifference(f: ValueFn, x: Float64Array, fx: number, gradient: Float64Array, h: number): void {
  for (let i = 0; i < x.length; i++) {
    const saved = x[i] as number;
    x[i] = saved + h;
    const plus = f(x);
    gradient[i] = (plus - fx) / h;
    x[i] = saved;
  }
}

export interface SymbolicGradient {
  readonly trees: readonly Expr[];
  readonly text: readonly string[];
  readonly tex: readonly string[];
}

/** ∇f as expressions, text (mathjs syntax) and LaTeX, for display next to the function. */
export function symbolicGradient(expression: ParsedExpression): SymbolicGradient {
  const trees = gradientOf(expression.tree, expression.variables.length);
  return {
    trees,
    // Printed simplified; evaluated as derived (simplify never changes a result).
    text: trees.map((t) => toText(simplify(t), expression.variables)),
    tex: trees.map((t) => toTex(simplify(t), expression.variables)),
  };
}

export function createObjective(expression: ParsedExpression, method: GradientMethod, h = 1e-4): Objective {
  const n = expression.variables.length;
  const f = compileValue(expression.tree, n);
  let exactHessian: ReturnType<typeof compileHessian> | undefined;
  // Derived once, on first need: the exact gradient and the exact Hessian both start from it.
  let trees: readonly Expr[] | undefined;
  const gradientTrees = (): readonly Expr[] => (trees ??= gradientOf(expression.tree, n));

  const valueAndGradient =
    method === 'exact'
      ? compileValueGradient(expression.tree, gradientTrees(), n)
      : method === 'central'
        ? (x: Float64Array, g: Float64Array): number => {
            centralDifference(f, x, g, h);
            return f(x);
          }
        : (x: Float64Array, g: Float64Array): number => {
            const fx = f(x);
            forwardDifference(f, x, fx, g, h);
            return fx;
          };

  const scratchPlus = new Float64Array(n);
  const scratchMinus = new Float64Array(n);
  const hessian = (x: Float64Array, H: Float64Array): void => {
    if (method === 'exact') {
      exactHessian ??= compileHessian(
        gradientTrees().flatMap((g) => Array.from({ length: n }, (_, j) => differentiate(g, j))),
        n,
      );
      exactHessian(x, H);
      return;
    }
    // Central difference of the gradient, symmetrised.
    const step = Math.max(h, 1e-5);
    for (let j = 0; j < n; j++) {
      const saved = x[j] as number;
      x[j] = saved + step;
      valueAndGradient(x, scratchPlus);
      x[j] = saved - step;
      valueAndGradient(x, scratchMinus);
      x[j] = saved;
      for (let i = 0; i < n; i++)
        H[i * n + j] = ((scratchPlus[i] as number) - (scratchMinus[i] as number)) / (2 * step);
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const mean = ((H[i * n + j] as number) + (H[j * n + i] as number)) / 2;
        H[i * n + j] = mean;
        H[j * n + i] = mean;
      }
    }
  };

  return { dimension: n, value: f, valueAndGradient, hessian };
}
