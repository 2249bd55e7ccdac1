import type { Expr, FunctionName } from './ir';

/**
 * What every node of the tree computes, said once. The three evaluators (generated code, the
 * closure interpreter, the column evaluator) each ask `operationOf` and never decide for
 * themselves how `log(a, b)`, `pow` or `x^2` work, so they cannot drift apart.
 */
export interface Operation {
  /** The arithmetic on numbers. */
  readonly apply: (...args: number[]) => number;
  /**
   * The same arithmetic as JavaScript, from its operands' code. Every token comes from this file
   * (see compile.ts on why generated code is safe).
   */
  readonly code: (...args: string[]) => string;
  /** `code` repeats its operands, so each must be a name, not an expression to compute twice. */
  readonly repeatsOperands?: true;
}

function math(name: keyof Math & FunctionName, apply: (...args: number[]) => number): Operation {
  return { apply, code: (...args) => `Math.${name}(${args.join(', ')})` };
}

function infix(symbol: string, apply: (a: number, b: number) => number): Operation {
  return { apply, code: (a, b) => `(${a} ${symbol} ${b})` };
}

const NEGATE: Operation = { apply: (a) => -a, code: (a) => `(-${a})` };
export const ADD = infix('+', (a, b) => a + b);
export const SUBTRACT = infix('-', (a, b) => a - b);
export const MULTIPLY = infix('*', (a, b) => a * b);
export const DIVIDE = infix('/', (a, b) => a / b);
const POWER: Operation = math('pow', (a, b) => Math.pow(a, b));
/** x^2 as x * x: exact (one rounding), as numpy's square, and much faster than Math.pow. */
export const SQUARE: Operation = { apply: (a) => a * a, code: (a) => `(${a} * ${a})`, repeatsOperands: true };
const LOG_BASE: Operation = {
  apply: (a, base) => Math.log(a) / Math.log(base),
  code: (a, base) => `(Math.log(${a}) / Math.log(${base}))`,
};

const FUNCTIONS: Readonly<Record<Exclude<FunctionName, 'pow'>, Operation>> = {
  sin: math('sin', (a) => Math.sin(a)),
  cos: math('cos', (a) => Math.cos(a)),
  tan: math('tan', (a) => Math.tan(a)),
  asin: math('asin', (a) => Math.asin(a)),
  acos: math('acos', (a) => Math.acos(a)),
  atan: math('atan', (a) => Math.atan(a)),
  atan2: math('atan2', (y, x) => Math.atan2(y, x)),
  sinh: math('sinh', (a) => Math.sinh(a)),
  cosh: math('cosh', (a) => Math.cosh(a)),
  tanh: math('tanh', (a) => Math.tanh(a)),
  exp: math('exp', (a) => Math.exp(a)),
  log: math('log', (a) => Math.log(a)),
  log10: math('log10', (a) => Math.log10(a)),
  log2: math('log2', (a) => Math.log2(a)),
  sqrt: math('sqrt', (a) => Math.sqrt(a)),
  cbrt: math('cbrt', (a) => Math.cbrt(a)),
  abs: math('abs', (a) => Math.abs(a)),
  sign: math('sign', (a) => Math.sign(a)),
  min: math('min', (...args) => Math.min(...args)),
  max: math('max', (...args) => Math.max(...args)),
  hypot: math('hypot', (...args) => Math.hypot(...args)),
  ifge: {
    apply: (a, b, p, q) => (a >= b ? p : q),
    code: (a, b, p, q) => `(${a} >= ${b} ? ${p} : ${q})`,
  },
};

const BINARY: Readonly<Record<'add' | 'sub' | 'mul' | 'div', Operation>> = {
  add: ADD,
  sub: SUBTRACT,
  mul: MULTIPLY,
  div: DIVIDE,
};

/** The operation a node applies and its operands; numbers and variables are leaves. */
export function operationOf(e: Exclude<Expr, { kind: 'num' | 'var' }>): readonly [Operation, readonly Expr[]] {
  switch (e.kind) {
    case 'neg':
      return [NEGATE, [e.arg]];
    case 'pow':
      return power(e.left, e.right);
    case 'call': {
      const [a, b] = e.args;
      if (e.fn === 'pow' && a && b) return power(a, b);
      if (e.fn === 'log' && e.args.length === 2) return [LOG_BASE, e.args];
      // The parser checks arities (USER_FUNCTIONS), so `pow` always has both operands here.
      return [e.fn === 'pow' ? POWER : FUNCTIONS[e.fn], e.args];
    }
    default:
      return [BINARY[e.kind], [e.left, e.right]];
  }
}

function power(base: Expr, exponent: Expr): readonly [Operation, readonly Expr[]] {
  return exponent.kind === 'num' && exponent.value === 2 ? [SQUARE, [base]] : [POWER, [base, exponent]];
}
