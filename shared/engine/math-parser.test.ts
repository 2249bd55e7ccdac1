import { create, parseDependencies, type FactoryFunctionMap } from 'mathjs';
import { describe, expect, it } from 'vitest';
import exploits from './fixtures/exploits.json';
import { PRESETS } from './presets';
import { parseMath } from './math-parser';

// The instance the parser used to be: mathjs's parseDependencies, matrices and units included.
const full = create({ parseDependencies } as FactoryFunctionMap, { number: 'number' });

const CORPUS = [
  ...PRESETS.map((preset) => preset.expression),
  ...exploits,
  'x^2 + y^2',
  '2x y',
  'sin(x)cos(y)',
  "x'",
  'x = 3',
  '[1, 2]',
  'a[1]',
  'a[1:2, end]',
  'a.b',
  '1e-3 x',
  '0x1F + x',
  '0b101',
  '0o17',
  '0xFFi8',
  '1:3',
  'x ? y : z',
  'x < y <= z',
  'f(x) = x',
  '{a: 1}',
  'NaN + Infinity',
  'true and null',
  'x!',
  '5 mod 2',
  'x & y | ~z',
  '"str"',
  "'str'",
  '1 2',
  'x++',
  ')',
  '',
  'pi e',
  '2.5e3',
  '.5x',
  '3 cm',
  '5 inch to cm',
  'x;y',
  'x\ny',
  'log(x, 2)',
  '-x^-2',
  'x^y^z',
  '2^-x',
  '1/2/3',
  'not x',
  'x xor y',
  'x == y',
  '1e400',
  '0x',
  '1.2.3',
  '(',
  'sqrt(',
  'x +* y',
  '@',
  '$x',
  'x # comment',
  '2(x + 1)(y - 1)',
  'x.^2',
  'x .* y',
];

/** A tree as its JSON, or the error mathjs throws for it. */
function outcome(parse: (text: string) => unknown, text: string): string {
  try {
    return JSON.stringify(parse(text));
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('the parser’s own mathjs instance', () => {
  it.each(CORPUS)('gives the tree, or the error, a full instance gives: %j', (text) => {
    expect(outcome(parseMath, text)).toBe(outcome((t) => full.parse(t), text));
  });

  it('cannot evaluate what it parsed: it has no functions, not even for indexing', () => {
    for (const text of ['[1, 2][1]', 'sin(1)', 'import({}, {})', 'evaluate("1")']) {
      expect(() => void parseMath(text).compile().evaluate(), text).toThrow();
    }
  });
});
