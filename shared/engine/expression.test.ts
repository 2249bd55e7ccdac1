import { describe, expect, it } from 'vitest';
import exploits from './fixtures/exploits.json';
import { messageIn } from '../i18n';
import { MAX_EXPRESSION_LENGTH, orderVariables, parseExpression } from './expression';
import { USER_FUNCTIONS } from './ir';
import { prepareRun } from './prepare';
import { formatMessage } from '../messages';

function rejected(text: string): { message: string; column: number | undefined } {
  const result = parseExpression(text);
  if (result.ok) throw new Error(`expected "${text}" to be rejected`);
  return { message: result.error.message, column: result.error.column };
}

describe('parseExpression', () => {
  it('finds the variables: x, y, z first, then alphabetically', () => {
    const result = parseExpression('b + z*a + y^2 + x + theta');
    expect(result.ok && result.value.variables).toEqual(['x', 'y', 'z', 'a', 'b', 'theta']);
    expect(orderVariables(['q', 'y', 'a', 'x'])).toEqual(['x', 'y', 'a', 'q']);
  });

  it('treats pi and e as constants and accepts implicit multiplication', () => {
    const result = parseExpression('2x + pi y + e');
    expect(result.ok && result.value.variables).toEqual(['x', 'y']);
  });

  it('accepts every listed function with its arity', () => {
    const text =
      'sin(x)+cos(x)+tan(x)+asin(x)+acos(x)+atan(x)+atan2(y,x)+sinh(x)+cosh(x)+tanh(x)+exp(x)+log(x)+log(x,2)' +
      '+log10(x)+log2(x)+sqrt(x)+cbrt(x)+abs(x)+min(x,y)+max(x,y,1)+pow(x,2)+hypot(x,y)';
    expect(parseExpression(text).ok).toBe(true);
  });

  it.each([
    ['x^2 + foo(y)', /function foo\(…\) is not available/, 7],
    ['x^2 + [1, 2]', /matrix or list/, 7],
    ['x.y', /property or index access/i, 2],
    ['x = 3', /assignment/, 3],
    ['f(x) = x^2', /function definition/, 6],
    ['x + "a"', /strings/, 5],
    ['x == 1', /comparison|operator "=="/, 3],
    ['x mod 2', /operator "mod"/, 3],
    ['sin(x, y)', /sin\(…\) takes 1 argument, got 2/, 1],
    ['sin + x', /sin is a function/, 1],
    ['x; y', /more than one statement/i, 2],
    ['x ? 1 : 2', /conditional/, 3],
  ])('rejects %s with a message naming the construct and its column', (text, message, column) => {
    const error = rejected(text);
    expect(error.message).toMatch(message);
    expect(error.column).toBe(column);
    expect(error.message).toContain(`(column ${column})`);
  });

  it.each([
    ['x^2 + * y', 'expression.valueExpected', /number, variable or parenthesis is missing/],
    ['(x + y', 'expression.parenthesisExpected', /closing \) is missing/],
    ['x +', 'expression.unexpectedEnd', /ends too soon/],
  ])('reports the syntax error in %s in its own words, with its column', (text, code, words) => {
    const result = parseExpression(text);
    if (result.ok) throw new Error(`expected "${text}" to be rejected`);
    expect(result.error.detail.code).toBe(code);
    expect(result.error.message).toMatch(words);
    expect(result.error.column).toBeGreaterThan(0);
  });

  it('says the same thing in Japanese', () => {
    const result = parseExpression('x^2 + foo(y)');
    if (result.ok) throw new Error('expected foo to be rejected');
    expect(messageIn('ja', result.error.detail)).toBe(
      `関数 foo(…) は使えません。使える関数: ${Object.keys(USER_FUNCTIONS).join(', ')}（7 文字目）`,
    );
  });

  it('rejects empty text, text longer than 10,000 characters and nesting deeper than 200', () => {
    expect(rejected('   ').message).toMatch(/Type a function/);
    expect(rejected('x+'.repeat(MAX_EXPRESSION_LENGTH)).message).toMatch(/at most 10000/);
    expect(rejected(`${'('.repeat(201)}x${')'.repeat(201)}`).message).toMatch(/nested more than 200/);
    expect(rejected(`${'-'.repeat(400)}x`).message).toMatch(/nested more than 200/);
    expect(rejected(`x${'^x'.repeat(300)}`).message).toMatch(/nested more than 200/);
    expect(parseExpression(`${'('.repeat(150)}x${')'.repeat(150)}`).ok).toBe(true);
  });

  it('takes a flat sum or product as flat: 199 terms is no nesting; past 500 terms it says which limit, where', () => {
    const sum = Array.from({ length: 199 }, (_, i) => `${i + 1}*x^${(i % 3) + 1}`).join(' + ');
    expect(parseExpression(sum).ok).toBe(true);
    const prepared = prepareRun({
      expression: `${'x + '.repeat(499)}y`,
      start: [0.1, 0.2],
      optimizer: { name: 'sgd', lr: 1e-6 },
      gradient: { method: 'exact' },
      stop: { maxSteps: 3 },
    });
    if (!prepared.ok) throw new Error(formatMessage(prepared.error));
    expect(prepared.value.runToEnd().status).toBe('max-steps');
    const long = `${'x*'.repeat(600)}y`;
    const error = rejected(long);
    expect(error.message).toBe('A sum or product may have at most 500 terms; this one has 601 (column 1000)');
    expect(long[999]).toBe('*');
  });

  it('rejects more than 10 variables', () => {
    expect(rejected('a+b+c+d+e1+f+g+h+i+j+k').message).toMatch(/11 variables; at most 10/);
  });

  it("rejects every string of mathjs's published exploit corpus without crashing", () => {
    for (const text of exploits) {
      const result = parseExpression(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error.message.length, text).toBeGreaterThan(10);
    }
  });
});
