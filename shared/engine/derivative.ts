import { add, call, div, mul, neg, num, pow, sub, usesVariable, type Expr, type FunctionName } from './ir';

/** ∂e/∂x_index, built with the folding constructors so the result stays small and readable. */
export function differentiate(e: Expr, index: number): Expr {
  if (!usesVariable(e, index)) return num(0);
  const d = (x: Expr): Expr => differentiate(x, index);
  switch (e.kind) {
    case 'num':
      return num(0);
    case 'var':
      return num(1);
    case 'neg':
      return neg(d(e.arg));
    case 'add':
      return add(d(e.left), d(e.right));
    case 'sub':
      return sub(d(e.left), d(e.right));
    case 'mul':
      return add(mul(d(e.left), e.right), mul(e.left, d(e.right)));
    case 'div':
      return div(sub(mul(d(e.left), e.right), mul(e.left, d(e.right))), pow(e.right, num(2)));
    case 'pow':
      return powDerivative(e.left, e.right, index);
    case 'call':
      return callDerivative(e.fn, e.args, index);
  }
}

function powDerivative(base: Expr, exponent: Expr, index: number): Expr {
  const baseVaries = usesVariable(base, index);
  const exponentVaries = usesVariable(exponent, index);
  if (!exponentVaries) {
    const lowered = exponent.kind === 'num' && !exponent.label ? num(exponent.value - 1) : sub(exponent, num(1));
    return mul(mul(exponent, pow(base, lowered)), differentiate(base, index));
  }
  const power = pow(base, exponent);
  if (!baseVaries) return mul(mul(power, call('log', [base])), differentiate(exponent, index));
  // d(a^b) = a^b · (b' ln a + b a' / a)
  return mul(
    power,
    add(mul(differentiate(exponent, index), call('log', [base])), div(mul(exponent, differentiate(base, index)), base)),
  );
}

/** min and max of many arguments as nested pairs, so each pair's derivative picks one side. */
function pairwise(fn: 'min' | 'max', args: readonly Expr[]): Expr {
  const [first, ...rest] = args;
  if (!first) return num(Number.NaN);
  return rest.reduce((acc, next) => call(fn, [acc, next]), first);
}

function callDerivative(fn: FunctionName, args: readonly Expr[], index: number): Expr {
  const [a = num(Number.NaN), b = num(Number.NaN)] = args;
  const da = differentiate(a, index);
  const chain = (outer: Expr): Expr => mul(outer, da);
  switch (fn) {
    case 'sin':
      return chain(call('cos', [a]));
    case 'cos':
      return neg(chain(call('sin', [a])));
    case 'tan':
      return div(da, pow(call('cos', [a]), num(2)));
    case 'asin':
      return div(da, call('sqrt', [sub(num(1), pow(a, num(2)))]));
    case 'acos':
      return neg(div(da, call('sqrt', [sub(num(1), pow(a, num(2)))])));
    case 'atan':
      return div(da, add(num(1), pow(a, num(2))));
    case 'atan2': {
      // atan2(y, x): (x·y' − y·x') / (x² + y²)
      const db = differentiate(b, index);
      return div(sub(mul(b, da), mul(a, db)), add(pow(a, num(2)), pow(b, num(2))));
    }
    case 'sinh':
      return chain(call('cosh', [a]));
    case 'cosh':
      return chain(call('sinh', [a]));
    case 'tanh':
      return div(da, pow(call('cosh', [a]), num(2)));
    case 'exp':
      return chain(call('exp', [a]));
    case 'log':
      if (args.length === 2) return differentiate(div(call('log', [a]), call('log', [b])), index);
      return div(da, a);
    case 'log10':
      return div(da, mul(a, call('log', [num(10)])));
    case 'log2':
      return div(da, mul(a, call('log', [num(2)])));
    case 'sqrt':
      return div(da, mul(num(2), call('sqrt', [a])));
    case 'cbrt':
      return div(da, mul(num(3), pow(call('cbrt', [a]), num(2))));
    case 'abs':
      return chain(call('sign', [a]));
    case 'pow':
      return powDerivative(a, b, index);
    case 'hypot':
      // d hypot(a, b, …) = (a·a' + b·b' + …) / hypot(a, b, …)
      return div(
        args.map((arg) => mul(arg, differentiate(arg, index))).reduce((acc, term) => add(acc, term), num(0)),
        call('hypot', args),
      );
    case 'min':
    case 'max': {
      if (args.length > 2) return differentiate(pairwise(fn, args), index);
      const db = differentiate(b, index);
      // Where a ≥ b, max follows a and min follows b.
      return fn === 'max' ? call('ifge', [a, b, da, db]) : call('ifge', [a, b, db, da]);
    }
    case 'sign':
      return num(0);
    case 'ifge':
      return call('ifge', [a, b, differentiate(args[2] ?? num(0), index), differentiate(args[3] ?? num(0), index)]);
  }
}

/** The gradient as one expression per variable. */
export function gradientOf(e: Expr, dimension: number): Expr[] {
  return Array.from({ length: dimension }, (_, i) => differentiate(e, i));
}
