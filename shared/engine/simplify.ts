import { add, call, div, mul, neg, num, pow, sub, type Expr } from './ir';

/** A number short enough to print as it is: at most six significant digits, exactly. */
function short(value: number): boolean {
  return Number.isFinite(value) && Number(value.toPrecision(6)) === value;
}

const plain = (e: Expr): number | undefined => (e.kind === 'num' && e.label === undefined ? e.value : undefined);

/**
 * A formula made readable for printing (never for evaluating: the engine keeps the tree as
 * derived, so no result changes by a rounding): products of constants folded (100·(2·(y − x²)) is
 * 200·(y − x²)), constant powers and quotients worked out when exact (3² is 9, 12·x³/9 stays),
 * and ln(e), ln(1), exp(0), √ of a perfect square taken.
 */
export function simplify(e: Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'var':
      return e;
    case 'neg':
      return neg(simplify(e.arg));
    case 'call': {
      const args = e.args.map(simplify);
      const [a] = args;
      if (args.length === 1 && a) {
        if (e.fn === 'log' && a.kind === 'num' && a.label === 'e') return num(1);
        const value = plain(a);
        if (e.fn === 'log' && value === 1) return num(0);
        if (e.fn === 'exp' && value === 0) return num(1);
        if (e.fn === 'sqrt' && value !== undefined && value >= 0 && Number.isInteger(Math.sqrt(value)))
          return num(Math.sqrt(value));
      }
      return call(e.fn, args);
    }
    case 'pow': {
      const [left, right] = [simplify(e.left), simplify(e.right)];
      const [a, b] = [plain(left), plain(right)];
      if (a !== undefined && b !== undefined && short(a ** b)) return num(a ** b);
      return pow(left, right);
    }
    case 'mul': {
      // Every constant of a product together in front: 100 · (2 · a · (2 · x)) is 400 · a · x.
      const factors: Expr[] = [];
      let constant = 1;
      const collect = (f: Expr): void => {
        const value = plain(f);
        if (value !== undefined) constant *= value;
        else if (f.kind === 'mul') {
          collect(f.left);
          collect(f.right);
        } else factors.push(f);
      };
      collect(simplify(e.left));
      collect(simplify(e.right));
      if (!short(constant)) return mul(simplify(e.left), simplify(e.right));
      return factors.reduce((product, factor) => mul(product, factor), num(constant));
    }
    case 'div': {
      const [left, right] = [simplify(e.left), simplify(e.right)];
      const [a, b] = [plain(left), plain(right)];
      if (a !== undefined && b !== undefined && b !== 0 && short(a / b)) return num(a / b);
      // (c1 · e) / c2: 12·x³/4 is 3·x³, 12·x³/9 is 4·x³/3 (whole numbers as a reduced fraction).
      if (b !== undefined && b !== 0 && left.kind === 'mul') {
        const c = plain(left.left);
        if (c !== undefined && short(c / b) && Number.isInteger(c / b)) return mul(num(c / b), left.right);
        if (c !== undefined && Number.isInteger(c) && Number.isInteger(b)) {
          const g = gcd(Math.abs(c), Math.abs(b));
          if (g > 1) return div(mul(num(c / g), left.right), num(b / g));
        }
      }
      return div(left, right);
    }
    case 'add':
      return add(simplify(e.left), simplify(e.right));
    case 'sub':
      return sub(simplify(e.left), simplify(e.right));
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
