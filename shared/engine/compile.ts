import { formatNumber } from './format';
import { usesVariable, type Expr } from './ir';
import { ADD, DIVIDE, MULTIPLY, operationOf, SQUARE, SUBTRACT, type Operation } from './operations';

/**
 * Turns the allow-listed IR into JavaScript functions.
 *
 * Why generating code is safe here: the source is built only from the IR, never from user text.
 * Every token emitted comes from this file or operations.ts — `Math.*` names from a fixed table, operators,
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
    if (e.kind === 'num') return literal(e.value);
    if (e.kind === 'var') return `x${e.index}`;
    const [operation, operands] = operationOf(e);
    const code = operands.map((a) => (operation.repeatsOperands ? this.named(a) : this.emit(a)));
    return operation.code(...code);
  }
}

export function literal(value: number): string {
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

/** A function of `parameters` with a generated body (see above on why that is safe). */
export function generate<T>(parameters: string, body: string): T {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- body generated from the IR only (see above)
  const factory = new Function(`"use strict"; return function compiled(${parameters}) {\n${body}\n};`) as () => T;
  return factory();
}

/** The source of f: a body over locals x0…, with shared subtrees as temporaries. */
function generateValueSource(tree: Expr, dimension: number): string {
  const emitter = new Emitter();
  emitter.intern(tree);
  const result = emitter.emit(tree);
  return [header(dimension), ...emitter.lines, `return ${result};`].join('\n');
}

function generateValueGradientSource(tree: Expr, gradient: readonly Expr[], dimension: number): string {
  const emitter = new Emitter();
  emitter.intern(tree);
  gradient.forEach((g) => emitter.intern(g));
  const value = emitter.emit(tree);
  const assignments = gradient.map((g, i) => `g[${i}] = ${emitter.emit(g)};`);
  return [header(dimension), ...emitter.lines, ...assignments, `return ${value};`].join('\n');
}

/**
 * Statements that set `value` to f and `g0`, `g1`… to ∇f from the locals `x0`, `x1`…: one step's
 * objective inside a fused kernel (kernel.ts), the same arithmetic as compileValueGradient's.
 */
export function inlineValueGradient(tree: Expr, gradient: readonly Expr[]): string {
  const emitter = new Emitter();
  emitter.intern(tree);
  gradient.forEach((g) => emitter.intern(g));
  const value = emitter.emit(tree);
  const assignments = gradient.map((g, i) => `g${i} = ${emitter.emit(g)};`);
  return ['{', ...emitter.lines, ...assignments, `value = ${value};`, '}'].join('\n');
}

/** A function body returning f of its parameters `x0`, `x1`…, as compileValue computes it. */
export function valueBody(tree: Expr): string {
  const emitter = new Emitter();
  emitter.intern(tree);
  const result = emitter.emit(tree);
  return [...emitter.lines, `return ${result};`].join('\n');
}

function generateHessianSource(hessian: readonly Expr[], dimension: number): string {
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
  if (e.kind === 'num') {
    const value = e.value;
    return () => value;
  }
  if (e.kind === 'var') {
    const index = e.index;
    return (x) => x[index] ?? Number.NaN;
  }
  const [{ apply }, operands] = operationOf(e);
  const parts = operands.map(interpret);
  const [a, b] = parts;
  // One and two operands are nearly every node: called directly, without an array per point.
  if (parts.length === 1 && a) return (x) => apply(a(x));
  if (parts.length === 2 && a && b) return (x) => apply(a(x), b(x));
  return (x) => apply(...parts.map((part) => part(x)));
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
  const kernel = columnKernel(e, { variables, rowIndex: -1, row: { value: Number.NaN }, reuse: false });
  const out = new Float64Array(count);
  for (let offset = 0; offset < count; offset += BLOCK) {
    const n = Math.min(BLOCK, count - offset);
    const block = kernel(offset, n);
    if (typeof block === 'number') out.fill(block, offset, offset + n);
    else out.set(block.subarray(0, n), offset);
  }
  return out;
}

/**
 * f over rows of `width` points that differ in one variable only: in row r, variable
 * `row.index` is `row.values[r]`; every other variable is as `variables` gives it (a column of
 * `width` values, or one number), the same in every row. What does not depend on the row's
 * variable is computed for the first row and reused: a contour grid's parts in x alone cost 256
 * evaluations instead of 65,536. Same arithmetic as `interpret`.
 */
export function evaluateRows(
  e: Expr,
  variables: readonly Column[],
  row: { readonly index: number; readonly values: Float64Array },
  width: number,
): Float64Array {
  const holder = { value: Number.NaN };
  // A row of more than one block would need a cache per block: then nothing is reused.
  const kernel = columnKernel(e, { variables, rowIndex: row.index, row: holder, reuse: width <= BLOCK });
  const rows = row.values.length;
  const out = new Float64Array(width * rows);
  for (let r = 0; r < rows; r++) {
    holder.value = row.values[r] as number;
    for (let offset = 0; offset < width; offset += BLOCK) {
      const n = Math.min(BLOCK, width - offset);
      const block = kernel(offset, n);
      const at = r * width + offset;
      if (typeof block === 'number') out.fill(block, at, at + n);
      else out.set(block.subarray(0, n), at);
    }
  }
  return out;
}

interface KernelContext {
  readonly variables: readonly Column[];
  /** The variable that changes from row to row (evaluateRows), or −1. */
  readonly rowIndex: number;
  readonly row: { value: number };
  /** Whether parts that do not depend on the row's variable are computed once and reused. */
  readonly reuse: boolean;
}

function columnKernel(e: Expr, context: KernelContext): Kernel {
  const kernel = nodeKernel(e, context);
  if (!context.reuse || e.kind === 'num' || e.kind === 'var' || usesVariable(e, context.rowIndex)) return kernel;
  // The same in every row: its first block stands (its buffer is its own, never written again).
  let first: Block | undefined;
  return (offset, n) => (first ??= kernel(offset, n));
}

function nodeKernel(e: Expr, context: KernelContext): Kernel {
  if (e.kind === 'num') {
    const value = e.value;
    return () => value;
  }
  if (e.kind === 'var') {
    if (e.index === context.rowIndex) {
      const row = context.row;
      return () => row.value;
    }
    const column = context.variables[e.index] ?? Number.NaN;
    if (typeof column === 'number') return () => column;
    return (offset, n) => column.subarray(offset, offset + n);
  }
  const [operation, operands] = operationOf(e);
  const kernels = operands.map((operand) => columnKernel(operand, context));
  const nan = (): number => Number.NaN;
  const [a = nan, b = nan] = kernels;
  // The operators and the square are most of a grid's work: each gets a loop with no call per point.
  if (operation === ADD || operation === SUBTRACT || operation === MULTIPLY || operation === DIVIDE) {
    return arithmeticKernel(operation, a, b);
  }
  if (operation === SQUARE) return squareKernel(a);
  if (kernels.length === 1) return mapKernel(a, operation.apply);
  if (kernels.length === 2) return pairKernel(a, b, operation.apply);
  return manyKernel(kernels, operation.apply);
}

/** A block's values, with a number spread over `scratch` first. */
function spread(block: Block, scratch: Float64Array, n: number): Float64Array {
  return typeof block === 'number' ? scratch.fill(block, 0, n) : block;
}

/** The four operators, each its own loop: no call per point. */
function arithmeticKernel(operation: Operation, left: Kernel, right: Kernel): Kernel {
  const out = new Float64Array(BLOCK);
  const scratch = new Float64Array(BLOCK);
  return (offset, n) => {
    const a = left(offset, n);
    const b = right(offset, n);
    if (typeof a === 'number' && typeof b === 'number') return operation.apply(a, b);
    // At most one of them is a number here.
    const x = spread(a, scratch, n);
    const y = spread(b, scratch, n);
    if (operation === ADD) for (let i = 0; i < n; i++) out[i] = (x[i] as number) + (y[i] as number);
    else if (operation === SUBTRACT) for (let i = 0; i < n; i++) out[i] = (x[i] as number) - (y[i] as number);
    else if (operation === MULTIPLY) for (let i = 0; i < n; i++) out[i] = (x[i] as number) * (y[i] as number);
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

function squareKernel(arg: Kernel): Kernel {
  const out = new Float64Array(BLOCK);
  return (offset, n) => {
    const v = arg(offset, n);
    if (typeof v === 'number') return v * v;
    for (let i = 0; i < n; i++) out[i] = (v[i] as number) * (v[i] as number);
    return out;
  };
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
function manyKernel(args: readonly Kernel[], f: (...values: number[]) => number): Kernel {
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
    if (blocks.every((b) => typeof b === 'number')) return f(...read(0));
    for (let i = 0; i < n; i++) out[i] = f(...read(i));
    return out;
  };
}
