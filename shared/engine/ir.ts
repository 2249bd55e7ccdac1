/**
 * The engine's own expression tree. User text is parsed by mathjs, checked against an allow-list
 * and converted into this small closed tree; everything downstream (derivatives, code generation,
 * text and LaTeX) works on it, so nothing the user typed is ever evaluated or emitted as code.
 */

/** Functions a user may call, with the number of arguments each accepts. */
export const USER_FUNCTIONS = {
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  asin: [1, 1],
  acos: [1, 1],
  atan: [1, 1],
  atan2: [2, 2],
  sinh: [1, 1],
  cosh: [1, 1],
  tanh: [1, 1],
  exp: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  log2: [1, 1],
  sqrt: [1, 1],
  cbrt: [1, 1],
  abs: [1, 1],
  min: [2, 8],
  max: [2, 8],
  pow: [2, 2],
  hypot: [2, 8],
} as const satisfies Record<string, readonly [number, number]>;

export type UserFunction = keyof typeof USER_FUNCTIONS;

/**
 * Functions that only derivatives produce: `sign(a)` and `ifge(a, b, p, q)` (p where a ≥ b, else
 * q, the derivative of min and max). They are never accepted from user text.
 */
export type InternalFunction = 'sign' | 'ifge';
export type FunctionName = UserFunction | InternalFunction;

export function isUserFunction(name: string): name is UserFunction {
  return Object.prototype.hasOwnProperty.call(USER_FUNCTIONS, name);
}

export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly label?: 'pi' | 'e' }
  | { readonly kind: 'var'; readonly index: number }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'add' | 'sub' | 'mul' | 'div' | 'pow'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] };

export type BinaryKind = 'add' | 'sub' | 'mul' | 'div' | 'pow';

// Smart constructors fold constants and drop identities, so that derivatives stay readable
// (d/dx x^2 is 2 * x, not 2 * x ^ (2 - 1) * 1) and compiled code does no useless work.

export function num(value: number): Expr {
  return { kind: 'num', value };
}

export function variable(index: number): Expr {
  return { kind: 'var', index };
}

/** The value of a plain number node (not a named constant like pi), else undefined. */
function plain(e: Expr): number | undefined {
  return e.kind === 'num' && e.label === undefined ? e.value : undefined;
}

function isNum(e: Expr, value?: number): boolean {
  return e.kind === 'num' && (value === undefined || e.value === value);
}

export function neg(arg: Expr): Expr {
  const value = plain(arg);
  if (value !== undefined) return num(-value);
  if (arg.kind === 'neg') return arg.arg;
  return { kind: 'neg', arg };
}

export function add(left: Expr, right: Expr): Expr {
  if (isNum(left, 0)) return right;
  if (isNum(right, 0)) return left;
  const [a, b] = [plain(left), plain(right)];
  if (a !== undefined && b !== undefined) return num(a + b);
  if (right.kind === 'neg') return sub(left, right.arg);
  return { kind: 'add', left, right };
}

export function sub(left: Expr, right: Expr): Expr {
  if (isNum(right, 0)) return left;
  if (isNum(left, 0)) return neg(right);
  const [a, b] = [plain(left), plain(right)];
  if (a !== undefined && b !== undefined) return num(a - b);
  if (right.kind === 'neg') return add(left, right.arg);
  return { kind: 'sub', left, right };
}

export function mul(left: Expr, right: Expr): Expr {
  if (isNum(left, 0) || isNum(right, 0)) return num(0);
  if (isNum(left, 1)) return right;
  if (isNum(right, 1)) return left;
  if (isNum(left, -1)) return neg(right);
  if (isNum(right, -1)) return neg(left);
  const [a, b] = [plain(left), plain(right)];
  if (a !== undefined && b !== undefined) return num(a * b);
  // Keep constants in front: 2 * x rather than x * 2.
  if (isNum(right) && !isNum(left)) return mul(right, left);
  if (left.kind === 'neg') return neg(mul(left.arg, right));
  if (right.kind === 'neg') return neg(mul(left, right.arg));
  return { kind: 'mul', left, right };
}

export function div(left: Expr, right: Expr): Expr {
  if (isNum(left, 0)) return num(0);
  if (isNum(right, 1)) return left;
  if (left.kind === 'neg') return neg(div(left.arg, right));
  return { kind: 'div', left, right };
}

export function pow(left: Expr, right: Expr): Expr {
  if (isNum(right, 0)) return num(1);
  if (isNum(right, 1)) return left;
  return { kind: 'pow', left, right };
}

export function call(fn: FunctionName, args: readonly Expr[]): Expr {
  return { kind: 'call', fn, args };
}

export function binary(kind: BinaryKind, left: Expr, right: Expr): Expr {
  switch (kind) {
    case 'add':
      return add(left, right);
    case 'sub':
      return sub(left, right);
    case 'mul':
      return mul(left, right);
    case 'div':
      return div(left, right);
    case 'pow':
      return pow(left, right);
  }
}

/** Depth of the tree, counted iteratively-safe for the sizes the parser admits. */
export function depth(e: Expr): number {
  switch (e.kind) {
    case 'num':
    case 'var':
      return 1;
    case 'neg':
      return 1 + depth(e.arg);
    case 'call':
      return 1 + Math.max(0, ...e.args.map(depth));
    default:
      return 1 + Math.max(depth(e.left), depth(e.right));
  }
}

export function usesVariable(e: Expr, index: number): boolean {
  switch (e.kind) {
    case 'num':
      return false;
    case 'var':
      return e.index === index;
    case 'neg':
      return usesVariable(e.arg, index);
    case 'call':
      return e.args.some((a) => usesVariable(a, index));
    default:
      return usesVariable(e.left, index) || usesVariable(e.right, index);
  }
}
