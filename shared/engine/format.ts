import type { Expr, FunctionName } from './ir';

// Binding strength, mathjs's order: + − < * / < unary minus < ^ (right-associative).
const PRECEDENCE = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4, atom: 5 } as const;

function precedence(e: Expr): number {
  if (e.kind === 'num') return e.value < 0 || Object.is(e.value, -0) ? PRECEDENCE.neg : PRECEDENCE.atom;
  if (e.kind === 'var' || e.kind === 'call') return PRECEDENCE.atom;
  return PRECEDENCE[e.kind];
}

/** Shortest text that reads back as the same double. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

/** mathjs-syntax text of an expression; parsing it gives the same tree back. */
export function toText(e: Expr, names: readonly string[]): string {
  const wrap = (child: Expr, min: number): string => {
    const text = toText(child, names);
    return precedence(child) < min ? `(${text})` : text;
  };
  switch (e.kind) {
    case 'num':
      return e.label ?? formatNumber(e.value);
    case 'var':
      return names[e.index] ?? `x${e.index}`;
    case 'neg':
      return `-${wrap(e.arg, PRECEDENCE.neg)}`;
    case 'add':
      return `${wrap(e.left, 1)} + ${wrap(e.right, 1)}`;
    case 'sub':
      return `${wrap(e.left, 1)} - ${wrap(e.right, 2)}`;
    case 'mul':
      return `${wrap(e.left, 2)} * ${wrap(e.right, 3)}`;
    case 'div':
      return `${wrap(e.left, 2)} / ${wrap(e.right, 3)}`;
    case 'pow':
      // Right-associative: a ^ b ^ c is a ^ (b ^ c); a negative base needs parentheses.
      return `${wrap(e.left, PRECEDENCE.atom)} ^ ${wrap(e.right, PRECEDENCE.neg)}`;
    case 'call':
      return `${e.fn}(${e.args.map((a) => toText(a, names)).join(', ')})`;
  }
}

const TEX_FUNCTIONS: Partial<Record<FunctionName, string>> = {
  sin: '\\sin',
  cos: '\\cos',
  tan: '\\tan',
  asin: '\\arcsin',
  acos: '\\arccos',
  atan: '\\arctan',
  sinh: '\\sinh',
  cosh: '\\cosh',
  tanh: '\\tanh',
  exp: '\\exp',
  min: '\\min',
  max: '\\max',
  log10: '\\log_{10}',
  log2: '\\log_{2}',
};

function texName(name: string): string {
  if (/^[A-Za-z]$/.test(name)) return name;
  const match = /^([A-Za-z])_?(\d+)$/.exec(name);
  if (match) return `${match[1]}_{${match[2]}}`;
  return `\\mathit{${name.replace(/_/g, '\\_')}}`;
}

function texNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '\\mathrm{NaN}' : value > 0 ? '\\infty' : '-\\infty';
  const text = String(value);
  const exp = /^(-?[\d.]+)e([+-]\d+)$/.exec(text);
  return exp ? `${exp[1]}\\cdot 10^{${Number(exp[2])}}` : text;
}

/** LaTeX of an expression, for KaTeX. */
export function toTex(e: Expr, names: readonly string[]): string {
  const paren = (s: string): string => `\\left(${s}\\right)`;
  const wrap = (child: Expr, min: number): string => {
    const tex = toTex(child, names);
    return precedence(child) < min ? paren(tex) : tex;
  };
  switch (e.kind) {
    case 'num':
      return e.label === 'pi' ? '\\pi' : e.label === 'e' ? 'e' : texNumber(e.value);
    case 'var':
      return texName(names[e.index] ?? `x${e.index}`);
    case 'neg':
      return `-${wrap(e.arg, PRECEDENCE.neg)}`;
    case 'add':
      return `${wrap(e.left, 1)} + ${wrap(e.right, 1)}`;
    case 'sub':
      return `${wrap(e.left, 1)} - ${wrap(e.right, 2)}`;
    case 'mul': {
      const left = wrap(e.left, 2);
      const right = wrap(e.right, 3);
      // 2x rather than 2 · x when a plain number multiplies a letter-led factor.
      const juxtapose = e.left.kind === 'num' && !e.left.label && e.left.value >= 0 && /^[A-Za-z\\]/.test(right);
      return juxtapose ? `${left} ${right}` : `${left} \\cdot ${right}`;
    }
    case 'div':
      return `\\frac{${toTex(e.left, names)}}{${toTex(e.right, names)}}`;
    case 'pow': {
      const base =
        e.left.kind === 'call' && e.left.fn !== 'abs' ? paren(toTex(e.left, names)) : wrap(e.left, PRECEDENCE.atom);
      return `{${base}}^{${toTex(e.right, names)}}`;
    }
    case 'call': {
      const args = e.args.map((a) => toTex(a, names));
      switch (e.fn) {
        case 'sqrt':
          return `\\sqrt{${args[0]}}`;
        case 'cbrt':
          return `\\sqrt[3]{${args[0]}}`;
        case 'abs':
          return `\\left|${args[0]}\\right|`;
        case 'log':
          return args.length === 2 ? `\\log_{${args[1]}}${paren(args[0] ?? '')}` : `\\ln${paren(args[0] ?? '')}`;
        case 'pow':
          return `{${paren(args[0] ?? '')}}^{${args[1]}}`;
        case 'ifge':
          return `\\begin{cases}${args[2]} & ${args[0]} \\ge ${args[1]} \\\\ ${args[3]} & \\text{otherwise}\\end{cases}`;
        default: {
          const name = TEX_FUNCTIONS[e.fn] ?? `\\operatorname{${e.fn}}`;
          return `${name}${paren(args.join(', '))}`;
        }
      }
    }
  }
}
