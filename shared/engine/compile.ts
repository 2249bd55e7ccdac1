import { formatNumber } from './format';
import type { Expr, FunctionName } from './ir';

/**
 * Turns the allow-listed IR into JavaScript functions.
 *
 * Why generating code is safe here: the source is built only from the IR, never from user text.
 * Every token emitted comes from this file — `Math.*` names from a fixed table, operators,
 * parentheses, numbers printed by `formatNumber` from doubles, and local names `x0…`, `t0…`
 * derived from integer indices. Variable names the user typed never reach the code.
 *
 * Where code generation is unavailable (a page whose CSP forbids eval), a closure-based evaluator
 * with identical arithmetic is used instead.
 */

export type ValueFn = (x: ArrayLike<number>) => number;
/** Writes ∇f(x) into `gradient` and returns f(x). */
export type ValueGradientFn = (x: ArrayLike<number>, gradient: Float64Array) => number;
/** Writes the row-major n×n Hessian into `hessian`. */
export type HessianFn = (x: ArrayLike<number>, hessian: Float64Array) => void;

const MATH: Readonly<Record<Exclude<FunctionName, 'log' | 'pow' | 'ifge'>, string>> = {
  sin: 'Math.sin',
  cos: 'Math.cos',
  tan: 'Math.tan',
  asin: 'Math.asin',
  acos: 'Math.acos',
  atan: 'Math.atan',
  atan2: 'Math.atan2',
  sinh: 'Math.sinh',
  cosh: 'Math.cosh',
  tanh: 'Math.tanh',
  exp: 'Math.exp',
  log10: 'Math.log10',
  log2: 'Math.log2',
  sqrt: 'Math.sqrt',
  cbrt: 'Math.cbrt',
  abs: 'Math.abs',
  min: 'Math.min',
  max: 'Math.max',
  hypot: 'Math.hypot',
  sign: 'Math.sign',
};

/**
 * Common-subexpression elimination: structurally equal subtrees get one id; a subtree used more
 * than once (typical across f and its gradient) is computed once into a temporary.
 */
class Emitter {
  private readonly idOf = new Map<Expr, number>();
  private readonly idOfKey = new Map<string, number>();
  private readonly nodes: Expr[] = [];
  private readonly uses: number[] = [];
  private readonly temps = new Map<number, string>();
  private tempCount = 0;
  readonly lines: string[] = [];

  intern(e: Expr): number {
    const known = this.idOf.get(e);
    if (known !== undefined) {
      this.uses[known] = (this.uses[known] ?? 0) + 1;
      return known;
    }
    let key: string;
    switch (e.kind) {
      case 'num':
        key = `n${formatNumber(e.value)}`;
        break;
      case 'var':
        key = `v${e.index}`;
        break;
      case 'neg':
        key = `-${this.intern(e.arg)}`;
        break;
      case 'call':
        key = `${e.fn}(${e.args.map((a) => this.intern(a)).join(',')})`;
        break;
      default:
        key = `${e.kind}(${this.intern(e.left)},${this.intern(e.right)})`;
    }
    let id = this.idOfKey.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(e);
      this.uses.push(0);
      this.idOfKey.set(key, id);
    }
    this.idOf.set(e, id);
    this.uses[id] = (this.uses[id] ?? 0) + 1;
    return id;
  }

  /** Code for e; shared subtrees become `const tN = …;` lines emitted before first use. */
  emit(e: Expr): string {
    if (e.kind === 'num') return literal(e.value);
    if (e.kind === 'var') return `x${e.index}`;
    const id = this.idOf.get(e) ?? this.intern(e);
    const temp = this.temps.get(id);
    if (temp) return temp;
    const code = this.build(e);
    if ((this.uses[id] ?? 0) < 2) return code;
    const name = this.declare(code);
    this.temps.set(id, name);
    return name;
  }

  private declare(code: string): string {
    const name = `t${this.tempCount++}`;
    this.lines.push(`const ${name} = ${code};`);
    return name;
  }

  /** An identifier holding e, so it can be used twice without being computed twice. */
  private named(e: Expr): string {
    const code = this.emit(e);
    return /^[xt]\d+$/.test(code) ? code : this.declare(code);
  }

  private build(e: Expr): string {
    switch (e.kind) {
      case 'num':
        return literal(e.value);
      case 'var':
        return `x${e.index}`;
      case 'neg':
        return `(-${this.emit(e.arg)})`;
      case 'add':
        return `(${this.emit(e.left)} + ${this.emit(e.right)})`;
      case 'sub':
        return `(${this.emit(e.left)} - ${this.emit(e.right)})`;
      case 'mul':
        return `(${this.emit(e.left)} * ${this.emit(e.right)})`;
      case 'div':
        return `(${this.emit(e.left)} / ${this.emit(e.right)})`;
      case 'pow':
        return this.power(e.left, e.right);
      case 'call':
        return this.call(e.fn, e.args);
    }
  }

  private power(base: Expr, exponent: Expr): string {
    // x^2 as x*x: exact (one rounding), as numpy's square, and much faster than Math.pow.
    if (exponent.kind === 'num' && exponent.value === 2) {
      const name = this.named(base);
      return `(${name} * ${name})`;
    }
    return `Math.pow(${this.emit(base)}, ${this.emit(exponent)})`;
  }

  private call(fn: FunctionName, args: readonly Expr[]): string {
    const code = args.map((a) => this.emit(a));
    switch (fn) {
      case 'log':
        return code.length === 2 ? `(Math.log(${code[0]}) / Math.log(${code[1]}))` : `Math.log(${code[0]})`;
      case 'pow':
        return args[0] && args[1] ? this.power(args[0], args[1]) : 'NaN';
      case 'ifge':
        return `(${code[0]} >= ${code[1]} ? ${code[2]} : ${code[3]})`;
      default:
        return `${MATH[fn]}(${code.join(', ')})`;
    }
  }
}

function literal(value: number): string {
  const text = formatNumber(value);
  return value < 0 || Object.is(value, -0) ? `(${Object.is(value, -0) ? '-0' : text})` : text;
}

function header(dimension: number): string {
  return dimension > 0 ? `const ${Array.from({ length: dimension }, (_, i) => `x${i} = x[${i}]`).join(', ')};` : '';
}

let codegenAvailable: boolean | undefined;

/** Whether `new Function` works here (it does not under a CSP without 'unsafe-eval'). */
export function canGenerateCode(): boolean {
  if (codegenAvailable === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a probe with a constant body
      codegenAvailable = (new Function('return 1') as () => unknown)() === 1;
    } catch {
      codegenAvailable = false;
    }
  }
  return codegenAvailable;
}

function generate<T>(parameters: string, body: string): T {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- body generated from the IR only (see above)
  const factory = new Function(`"use strict"; return function compiled(${parameters}) {\n${body}\n};`) as () => T;
  return factory();
}

/** The source of f, for tests and for the curious (shown by the CLI's --explain one day). */
export function generateValueSource(tree: Expr, dimension: number): string {
  const emitter = new Emitter();
  emitter.intern(tree);
  const result = emitter.emit(tree);
  return [header(dimension), ...emitter.lines, `return ${result};`].join('\n');
}

export function generateValueGradientSource(tree: Expr, gradient: readonly Expr[], dimension: number): string {
  const emitter = new Emitter();
  emitter.intern(tree);
  gradient.forEach((g) => emitter.intern(g));
  const value = emitter.emit(tree);
  const assignments = gradient.map((g, i) => `g[${i}] = ${emitter.emit(g)};`);
  return [header(dimension), ...emitter.lines, ...assignments, `return ${value};`].join('\n');
}

export function generateHessianSource(hessian: readonly Expr[], dimension: number): string {
  const emitter = new Emitter();
  hessian.forEach((h) => emitter.intern(h));
  const assignments = hessian.map((h, i) => `H[${i}] = ${emitter.emit(h)};`);
  return [header(dimension), ...emitter.lines, ...assignments].join('\n');
}

export function compileValue(tree: Expr, dimension: number): ValueFn {
  if (canGenerateCode()) return generate<ValueFn>('x', generateValueSource(tree, dimension));
  return interpret(tree);
}

export function compileValueGradient(tree: Expr, gradient: readonly Expr[], dimension: number): ValueGradientFn {
  if (canGenerateCode()) {
    return generate<ValueGradientFn>('x, g', generateValueGradientSource(tree, gradient, dimension));
  }
  const f = interpret(tree);
  const parts = gradient.map(interpret);
  return (x, g) => {
    parts.forEach((part, i) => (g[i] = part(x)));
    return f(x);
  };
}

export function compileHessian(hessian: readonly Expr[], dimension: number): HessianFn {
  if (canGenerateCode()) return generate<HessianFn>('x, H', generateHessianSource(hessian, dimension));
  const parts = hessian.map(interpret);
  return (x, H) => parts.forEach((part, i) => (H[i] = part(x)));
}

/** Closure-compiled evaluator with the same arithmetic as the generated code. */
export function interpret(e: Expr): ValueFn {
  switch (e.kind) {
    case 'num': {
      const value = e.value;
      return () => value;
    }
    case 'var': {
      const index = e.index;
      return (x) => x[index] ?? Number.NaN;
    }
    case 'neg': {
      const a = interpret(e.arg);
      return (x) => -a(x);
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div': {
      const a = interpret(e.left);
      const b = interpret(e.right);
      if (e.kind === 'add') return (x) => a(x) + b(x);
      if (e.kind === 'sub') return (x) => a(x) - b(x);
      if (e.kind === 'mul') return (x) => a(x) * b(x);
      return (x) => a(x) / b(x);
    }
    case 'pow':
      return interpretPower(e.left, e.right);
    case 'call':
      return interpretCall(e.fn, e.args);
  }
}

function interpretPower(base: Expr, exponent: Expr): ValueFn {
  const a = interpret(base);
  if (exponent.kind === 'num' && exponent.value === 2) {
    return (x) => {
      const v = a(x);
      return v * v;
    };
  }
  const b = interpret(exponent);
  return (x) => Math.pow(a(x), b(x));
}

const UNARY: Readonly<
  Record<Exclude<FunctionName, 'log' | 'pow' | 'ifge' | 'min' | 'max' | 'hypot' | 'atan2'>, (v: number) => number>
> = {
  sin: (v) => Math.sin(v),
  cos: (v) => Math.cos(v),
  tan: (v) => Math.tan(v),
  asin: (v) => Math.asin(v),
  acos: (v) => Math.acos(v),
  atan: (v) => Math.atan(v),
  sinh: (v) => Math.sinh(v),
  cosh: (v) => Math.cosh(v),
  tanh: (v) => Math.tanh(v),
  exp: (v) => Math.exp(v),
  log10: (v) => Math.log10(v),
  log2: (v) => Math.log2(v),
  sqrt: (v) => Math.sqrt(v),
  cbrt: (v) => Math.cbrt(v),
  abs: (v) => Math.abs(v),
  sign: (v) => Math.sign(v),
};

function interpretCall(fn: FunctionName, args: readonly Expr[]): ValueFn {
  const parts = args.map(interpret);
  const [
    a = (): number => Number.NaN,
    b = (): number => Number.NaN,
    c = (): number => Number.NaN,
    d = (): number => Number.NaN,
  ] = parts;
  switch (fn) {
    case 'log':
      return parts.length === 2 ? (x) => Math.log(a(x)) / Math.log(b(x)) : (x) => Math.log(a(x));
    case 'pow':
      return args[0] && args[1] ? interpretPower(args[0], args[1]) : () => Number.NaN;
    case 'ifge':
      return (x) => (a(x) >= b(x) ? c(x) : d(x));
    case 'min':
      return (x) => Math.min(...parts.map((p) => p(x)));
    case 'max':
      return (x) => Math.max(...parts.map((p) => p(x)));
    case 'hypot':
      return (x) => Math.hypot(...parts.map((p) => p(x)));
    case 'atan2':
      return (x) => Math.atan2(a(x), b(x));
    default: {
      const unary = UNARY[fn];
      return (x) => unary(a(x));
    }
  }
}
