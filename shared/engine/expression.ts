import type { MathNode } from 'mathjs';
import { parseMath } from './math-parser';
import { UserError, message, type MessageCode, type MessageParam, type Result } from '../messages';
import { MAX_EXPRESSION_LENGTH, MAX_VARIABLES } from '../limits';
import { USER_FUNCTIONS, binary, call, isUserFunction, neg, num, type Expr } from './ir';

export { MAX_EXPRESSION_LENGTH, MAX_VARIABLES };
const MAX_NESTING = 200;
/**
 * Terms in one flat sum or product (a + b + c …). The chain is not nesting to the reader, but the
 * engine walks it recursively: beyond about 2,000 terms the stack would give out.
 */
const MAX_TERMS = 500;

/** A Map, not an object: a variable named `constructor` or `__proto__` must not find Object.prototype's. */
const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

export interface ParsedExpression {
  readonly text: string;
  /** Free symbols: x, y, z first, then the rest alphabetically. */
  readonly variables: readonly string[];
  readonly tree: Expr;
}

/** A rejected expression: what is wrong, and where (1-based column, when known). */
export class ExpressionError extends UserError {
  override name = 'ExpressionError';
  constructor(
    code: MessageCode,
    params: Readonly<Record<string, MessageParam>> = {},
    readonly column?: number,
  ) {
    super(message(code, column === undefined ? params : { ...params, column }));
  }
}

const tooDeep = (column?: number): ExpressionError =>
  new ExpressionError('expression.tooDeep', { max: MAX_NESTING }, column);

interface Token {
  readonly text: string;
  readonly kind: 'name' | 'number' | 'string' | 'symbol';
  readonly index: number;
}

const TWO_CHAR_SYMBOLS = new Set(['==', '!=', '<=', '>=', '.*', './', '.^', '<<', '>>', '->']);

/** A rough tokenizer used only to point at the column of a construct mathjs parsed. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(\d*\.?\d*(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
      const length = Math.max(1, match?.[1]?.length ?? 1);
      tokens.push({ text: text.slice(i, i + length), kind: 'number', index: i });
      i += length;
    } else if (/[\p{L}_$]/u.test(ch)) {
      const match = /^[\p{L}\p{N}_$]+/u.exec(text.slice(i));
      const length = match?.[0].length ?? 1;
      tokens.push({ text: text.slice(i, i + length), kind: 'name', index: i });
      i += length;
    } else if (ch === '"' || ch === "'") {
      // A quote after a name or ) is mathjs's transpose operator, otherwise a string.
      const previous = tokens[tokens.length - 1];
      if (ch === "'" && previous && (previous.kind === 'name' || previous.text === ')')) {
        tokens.push({ text: ch, kind: 'symbol', index: i });
        i++;
        continue;
      }
      const end = text.indexOf(ch, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      tokens.push({ text: text.slice(i, stop), kind: 'string', index: i });
      i = stop;
    } else {
      const pair = text.slice(i, i + 2);
      const length = TWO_CHAR_SYMBOLS.has(pair) ? 2 : 1;
      tokens.push({ text: text.slice(i, i + length), kind: 'symbol', index: i });
      i += length;
    }
  }
  return tokens;
}

function columnOf(
  tokens: readonly Token[],
  match: (token: Token, next: Token | undefined) => boolean,
): number | undefined {
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token && match(token, tokens[k + 1])) return token.index + 1;
  }
  return undefined;
}

function nestingColumn(text: string): number | undefined {
  let level = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') {
      level++;
      if (level > MAX_NESTING) return i + 1;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      level--;
    }
  }
  return undefined;
}

const OPERATORS: Readonly<Record<string, 'add' | 'sub' | 'mul' | 'div' | 'pow'>> = {
  add: 'add',
  subtract: 'sub',
  multiply: 'mul',
  divide: 'div',
  pow: 'pow',
};

/** Operators that chain left to right in a flat sum or product. */
const CHAINS: Readonly<Record<string, 'sum' | 'product' | undefined>> = {
  add: 'sum',
  subtract: 'sum',
  multiply: 'product',
  divide: 'product',
};

const CONSTRUCTS = new Set([
  'AccessorNode',
  'ArrayNode',
  'AssignmentNode',
  'BlockNode',
  'ConditionalNode',
  'FunctionAssignmentNode',
  'IndexNode',
  'ObjectNode',
  'RangeNode',
  'RelationalNode',
]);

const NODE_TOKENS: Readonly<Record<string, (t: Token, next: Token | undefined) => boolean>> = {
  AccessorNode: (t) => t.text === '.' || t.text === '[',
  ArrayNode: (t) => t.text === '[',
  AssignmentNode: (t) => t.text === '=',
  BlockNode: (t) => t.text === ';',
  ConditionalNode: (t) => t.text === '?',
  FunctionAssignmentNode: (t) => t.text === '=',
  IndexNode: (t) => t.text === '[',
  ObjectNode: (t) => t.text === '{',
  RangeNode: (t) => t.text === ':',
  RelationalNode: (t) => ['<', '>', '<=', '>=', '==', '!='].includes(t.text),
};

class Converter {
  private readonly symbols = new Set<string>();
  /** Converting the left operand of a sum's (or product's) chain, whose length was checked at its top. */
  private inChain = false;
  private readonly pending: { name: string; replace: (index: number) => void }[] = [];
  constructor(private readonly tokens: readonly Token[]) {}

  fail(
    code: MessageCode,
    params: Readonly<Record<string, MessageParam>> = {},
    match?: (token: Token, next: Token | undefined) => boolean,
  ): never {
    throw new ExpressionError(code, params, match ? columnOf(this.tokens, match) : undefined);
  }

  convert(node: MathNode, level: number): Expr {
    if (level > MAX_NESTING) throw tooDeep();
    switch (node.type) {
      case 'ParenthesisNode':
        return this.convert((node as unknown as { content: MathNode }).content, level + 1);
      case 'ConstantNode':
        return this.constant((node as unknown as { value: unknown }).value);
      case 'SymbolNode':
        return this.symbol((node as unknown as { name: string }).name);
      case 'OperatorNode':
        return this.operator(node as unknown as { op: string; fn: string; args: MathNode[] }, level);
      case 'FunctionNode':
        return this.functionCall(node as unknown as { fn: MathNode; args: MathNode[] }, level);
      default: {
        const code = CONSTRUCTS.has(node.type) ? `expression.construct.${node.type}` : 'expression.construct.other';
        return this.fail(code as MessageCode, { type: node.type }, NODE_TOKENS[node.type]);
      }
    }
  }

  private constant(value: unknown): Expr {
    if (typeof value === 'number') return num(value);
    if (typeof value === 'string') return this.fail('expression.textString', {}, (t) => t.kind === 'string');
    const shown = String(value);
    return this.fail('expression.notNumber', { value: shown }, (t) => t.text === shown);
  }

  private symbol(name: string): Expr {
    const constant = CONSTANTS.get(name);
    if (constant !== undefined) return { kind: 'num', value: constant, label: name as 'pi' | 'e' };
    if (isUserFunction(name)) {
      return this.fail('expression.functionAsVariable', { name }, (t, next) => t.text === name && next?.text !== '(');
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      return this.fail('expression.badName', { name }, (t) => t.text === name);
    }
    this.symbols.add(name);
    // Indices are assigned once all symbols are known (x, y, z first); patch in place then.
    const slot = { kind: 'var', index: -1 } as { kind: 'var'; index: number };
    this.pending.push({ name, replace: (index) => (slot.index = index) });
    return slot;
  }

  private operator(node: { op: string; fn: string; args: MathNode[] }, level: number): Expr {
    const [first, second] = node.args;
    if ((node.fn === 'unaryMinus' || node.fn === 'unaryPlus') && first) {
      const arg = this.convert(first, level + 1);
      return node.fn === 'unaryMinus' ? neg(arg) : arg;
    }
    const kind = OPERATORS[node.fn];
    // a + b + c … is one flat sum to the reader, though mathjs nests it to the left: the chain
    // does not count as nesting (a sum of 199 terms is not 199 levels deep).
    const chain = CHAINS[node.fn];
    const chained =
      chain !== undefined &&
      first?.type === 'OperatorNode' &&
      CHAINS[(first as unknown as { fn: string }).fn] === chain;
    if (chain && !this.inChain) this.checkChain(node, chain);
    if (kind && first && second) {
      const wasInChain = this.inChain;
      this.inChain = chained;
      const left = this.convert(first, chained ? level : level + 1);
      this.inChain = false;
      const right = this.convert(second, level + 1);
      this.inChain = wasInChain;
      return binary(kind, left, right);
    }
    const op = node.op;
    return this.fail('expression.operator', { op }, (t) => t.text === op);
  }

  /** A flat sum or product of more than MAX_TERMS terms is refused, at the operator past the limit. */
  private checkChain(node: { fn: string; args: MathNode[] }, chain: 'sum' | 'product'): void {
    let terms = 1;
    let left: MathNode | undefined = node as unknown as MathNode;
    while (left?.type === 'OperatorNode' && CHAINS[(left as unknown as { fn: string }).fn] === chain) {
      terms++;
      left = (left as unknown as { args: MathNode[] }).args[0];
    }
    if (terms <= MAX_TERMS) return;
    const operators = chain === 'sum' ? ['+', '-'] : ['*', '/'];
    let seen = 0;
    this.fail('expression.tooManyTerms', { max: MAX_TERMS, count: terms }, (t) =>
      operators.includes(t.text) ? ++seen === MAX_TERMS : false,
    );
  }

  private functionCall(node: { fn: MathNode; args: MathNode[] }, level: number): Expr {
    if (node.fn.type !== 'SymbolNode') {
      return this.fail('expression.unnamedCall', {}, (t) => t.text === '(');
    }
    const name = (node.fn as unknown as { name: string }).name;
    const callsName = (t: Token, next: Token | undefined): boolean => t.text === name && next?.text === '(';
    if (!isUserFunction(name)) {
      return this.fail(
        'expression.unknownFunction',
        { name, allowed: Object.keys(USER_FUNCTIONS).join(', ') },
        callsName,
      );
    }
    const [min, max] = USER_FUNCTIONS[name];
    const count = node.args.length;
    if (count < min || count > max) {
      if (max === 1) return this.fail('expression.arityOne', { name, count }, callsName);
      const expected = min === max ? `${min}` : `${min}–${max}`;
      return this.fail('expression.arity', { name, expected, count }, callsName);
    }
    return call(
      name,
      node.args.map((arg) => this.convert(arg, level + 1)),
    );
  }

  /** Orders the variables and patches their indices into the tree. */
  finish(): string[] {
    const variables = orderVariables([...this.symbols]);
    if (variables.length > MAX_VARIABLES) {
      this.fail('expression.tooManyVariables', { count: variables.length, max: MAX_VARIABLES });
    }
    const index = new Map(variables.map((name, i) => [name, i]));
    for (const { name, replace } of this.pending) replace(index.get(name) ?? -1);
    return variables;
  }
}

/** x, y, z first, then alphabetically: the order of the start point's coordinates. */
export function orderVariables(names: readonly string[]): string[] {
  const rank = (name: string): number => {
    const i = ['x', 'y', 'z'].indexOf(name);
    return i < 0 ? 3 : i;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Parses and checks user text against the allow-list; never throws. */
export function parseExpression(text: string): Result<ParsedExpression, ExpressionError> {
  try {
    return { ok: true, value: parseOrThrow(text) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, error };
    return { ok: false, error: new ExpressionError('expression.unreadable') };
  }
}

/**
 * The names of a run's variables: its function's, or x1, x2, … when the function no longer
 * parses (a file from elsewhere), one per start coordinate.
 */
export function variableNames(spec: { readonly expression: string; readonly start: readonly unknown[] }): string[] {
  const parsed = parseExpression(spec.expression);
  return parsed.ok ? [...parsed.value.variables] : spec.start.map((_, i) => `x${i + 1}`);
}

/** As parseExpression, but throws ExpressionError. */
export function parseOrThrow(text: string): ParsedExpression {
  if (typeof text !== 'string') throw new ExpressionError('expression.notText');
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError('expression.tooLong', { length: text.length, max: MAX_EXPRESSION_LENGTH });
  }
  if (text.trim() === '') throw new ExpressionError('expression.empty');
  const deepAt = nestingColumn(text);
  if (deepAt !== undefined) throw tooDeep(deepAt);
  let node: MathNode;
  try {
    node = parseMath(text);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    const char = (error as { char?: unknown }).char;
    throw syntaxError(error, typeof char === 'number' ? Math.min(char, text.length) || 1 : undefined);
  }
  const converter = new Converter(tokenize(text));
  let tree: Expr;
  try {
    tree = converter.convert(node, 0);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    throw error;
  }
  const variables = converter.finish();
  return { text, variables, tree };
}

/**
 * mathjs's syntax errors in our words, so they can be translated: "Unexpected operator * (char 4)"
 * becomes expression.unexpectedOperator with op "*" (the column is reported separately).
 */
function syntaxError(error: unknown, column: number | undefined): ExpressionError {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s*\(char \d+\)\s*$/, '');
  const operator = /^Unexpected operator (\S+)$/.exec(text);
  const parenthesis = /^Parenthesis (\S) expected$/.exec(text);
  if (text === 'Unexpected end of expression') return new ExpressionError('expression.unexpectedEnd', {}, column);
  if (text === 'Value expected') return new ExpressionError('expression.valueExpected', {}, column);
  if (operator) return new ExpressionError('expression.unexpectedOperator', { op: operator[1] ?? '' }, column);
  if (parenthesis)
    return new ExpressionError('expression.parenthesisExpected', { paren: parenthesis[1] ?? '' }, column);
  return new ExpressionError('expression.syntax', { detail: text }, column);
}
