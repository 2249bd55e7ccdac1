import { describe, expect, it } from 'vitest';
import { parseOrThrow } from './expression';
import { symbolicGradient } from './objective';

const gradient = (text: string): readonly string[] => symbolicGradient(parseOrThrow(text)).text;

describe('printed gradients', () => {
  it('fold products of constants, constant powers and ln(e), as a reader would', () => {
    // Rosenbrock: was 100 * (2 * (y - x ^ 2)).
    expect(gradient('(1 - x)^2 + 100 (y - x^2)^2')).toEqual([
      '-(2 * (1 - x)) - 400 * (y - x ^ 2) * x',
      '200 * (y - x ^ 2)',
    ]);
    // Was 3 * (4 * x ^ 3) / 3 ^ 2.
    expect(gradient('3 x^4 / 3^2')[0]).toBe('4 * x ^ 3 / 3');
    expect(gradient('x^4 / 4')[0]).toBe('x ^ 3');
    // Was e ^ x * log(e).
    expect(gradient('e^x')[0]).toBe('e ^ x');
  });

  it('leave the evaluated gradient as derived (only its printing is simplified)', () => {
    const { trees } = symbolicGradient(parseOrThrow('(1 - x)^2 + 100 (y - x^2)^2'));
    expect(JSON.stringify(trees[1])).toContain('"value":100');
  });
});
