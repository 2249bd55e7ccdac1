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

/** A variable's values at every point, or one number where it is the same at all of them. */
export type Column = Float64Array | number;

/** Points evaluated together: small enough that every node's block stays in cache. */
const BLOCK = 1024;

/** A node's values for one block of points (a buffer of its own), or one number for all of them. */
type Block = Float64Array | number;
type Kernel = (offset: number, n: number) => Block;

/**
 * f at `count` points at once, each variable a column of values (or one number for every point).
 * The points go through in blocks of 1,024, each node one loop over the block, so where code
 * cannot be generated (a page's CSP) this pays the closure interpreter's dispatch once per node
 * and block instead of once per node and point. Same arithmetic as `interpret`.
 */
export function evaluateColumns(e: Expr, variables: readonly Column[], count: number): Float64Array {
  const kernel = columnKernel(e, variables);
  const out = new Float64Array(count);
  for (let offset = 0; offset < count; offset += BLOCK) {
    const n = Math.min(BLOCK, count - offset);
    const block = kernel(offset, n);
    if (typeof block === 'number') out.fill(block, offset, offset + n);
    else out.set(block.subarray(0, n), offset);
  }
  return out;
}

function columnKernel(e: Expr, variables: readonly Column[]): Kernel {
  switch (e.kind) {
    case 'num': {
      const value = e.value;
      return () => value;
    }
    case 'var': {
      const column = variables[e.index] ?? Number.NaN;
      if (typeof column === 'number') return () => column;
      return (offset, n) => column.subarray(offset, offset + n);
    }
    case 'neg':
      return mapKernel(columnKernel(e.arg, variables), (v) => -v);
    case 'pow':
      return powerKernel(e.left, e.right, variables);
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return arithmeticKernel(e.kind, columnKernel(e.left, variables), columnKernel(e.right, variables));
    case 'call':
      return callKernel(e.fn, e.args, variables);
  }
}

/** A block's values, with a number spread over `scratch` first. */
function spread(block: Block, scratch: Float64Array, n: number): Float64Array {
  return typeof block === 'number' ? scratch.fill(block, 0, n) : block;
}

/** The four operators, each its own loop: no call per point. */
function arithmeticKernel(kind: 'add' | 'sub' | 'mul' | 'div', left: Kernel, right: Kernel): Kernel {
  const out = new Float64Array(BLOCK);
  const scratch = new Float64Array(BLOCK);
  return (offset, n) => {
    const a = left(offset, n);
    const b = right(offset, n);
    if (typeof a === 'number' && typeof b === 'number') {
      if (kind === 'add') return a + b;
      if (kind === 'sub') return a - b;
      if (kind === 'mul') return a * b;
      return a / b;
    }
    // At most one of them is a number here.
    const x = spread(a, scratch, n);
    const y = spread(b, scratch, n);
    if (kind === 'add') for (let i = 0; i < n; i++) out[i] = (x[i] as number) + (y[i] as number);
    else if (kind === 'sub') for (let i = 0; i < n; i++) out[i] = (x[i] as number) - (y[i] as number);
    else if (kind === 'mul') for (let i = 0; i < n; i++) out[i] = (x[i] as number) * (y[i] as number);
    else for (let i = 0; i < n; i++) out[i] = (x[i] as number) / (y[i] as number);
    return out;
  };
}

function mapKernel(arg: Kernel, f: (v: number) => number): Kernel {
  const out = new Float64Array(BLOCK);
  return (offset, n) => {
    const a = arg(offset, n);
    if (typeof a === 'number') return f(a);
    for (let i = 0; i < n; i++) out[i] = f(a[i] as number);
    return out;
  };
}

function powerKernel(base: Expr, exponent: Expr, variables: readonly Column[]): Kernel {
  const a = columnKernel(base, variables);
  if (exponent.kind === 'num' && exponent.value === 2) {
    // The commonest power, squared in its own loop as `interpret` squares it.
    const out = new Float64Array(BLOCK);
    return (offset, n) => {
      const v = a(offset, n);
      if (typeof v === 'number') return v * v;
      for (let i = 0; i < n; i++) out[i] = (v[i] as number) * (v[i] as number);
      return out;
    };
  }
  return pairKernel(a, columnKernel(exponent, variables), (v, w) => Math.pow(v, w));
}

/** A function of two arguments, point by point. */
function pairKernel(left: Kernel, right: Kernel, f: (a: number, b: number) => number): Kernel {
  const out = new Float64Array(BLOCK);
  const scratch = new Float64Array(BLOCK);
  return (offset, n) => {
    const a = left(offset, n);
    const b = right(offset, n);
    if (typeof a === 'number' && typeof b === 'number') return f(a, b);
    const x = spread(a, scratch, n);
    const y = spread(b, scratch, n);
    for (let i = 0; i < n; i++) out[i] = f(x[i] as number, y[i] as number);
    return out;
  };
}

/** A function of three or more arguments (min, max, hypot; ifge), point by point. */
function manyKernel(args: readonly Kernel[], f: (values: number[]) => number): Kernel {
  const out = new Float64Array(BLOCK);
  const values = new Array<number>(args.length);
  return (offset, n) => {
    const blocks = args.map((arg) => arg(offset, n));
    const read = (i: number): number[] => {
      for (let k = 0; k < blocks.length; k++) {
        const b = blocks[k] as Block;
        values[k] = typeof b === 'number' ? b : (b[i] as number);
      }
      return values;
    };
    if (blocks.every((b) => typeof b === 'number')) return f(read(0));
    for (let i = 0; i < n; i++) out[i] = f(read(i));
    return out;
  };
}

function callKernel(fn: FunctionName, args: readonly Expr[], variables: readonly Column[]): Kernel {
  if (fn === 'pow') return args[0] && args[1] ? powerKernel(args[0], args[1], variables) : () => Number.NaN;
  const kernels = args.map((arg) => columnKernel(arg, variables));
  const nan = (): number => Number.NaN;
  const [a = nan, b = nan] = kernels;
  const two = kernels.length === 2;
  switch (fn) {
    case 'log':
      return two ? pairKernel(a, b, (v, base) => Math.log(v) / Math.log(base)) : mapKernel(a, (v) => Math.log(v));
    case 'atan2':
      return pairKernel(a, b, (y, x) => Math.atan2(y, x));
    case 'min':
      return two ? pairKernel(a, b, (v, w) => Math.min(v, w)) : manyKernel(kernels, (v) => Math.min(...v));
    case 'max':
      return two ? pairKernel(a, b, (v, w) => Math.max(v, w)) : manyKernel(kernels, (v) => Math.max(...v));
    case 'hypot':
      return two ? pairKernel(a, b, (v, w) => Math.hypot(v, w)) : manyKernel(kernels, (v) => Math.hypot(...v));
    case 'ifge':
      return manyKernel(kernels, ([v = Number.NaN, w = Number.NaN, p = Number.NaN, q = Number.NaN]) =>
        v >= w ? p : q,
      );
    default:
      return mapKernel(a, UNARY[fn]);
  }
}
