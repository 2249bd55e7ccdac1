import { describe, expect, it } from 'vitest';
import { niceCeil } from './format';

describe('niceCeil', () => {
  it('ends the step axis at a round number at or just above the steps, not the next 1-2-5', () => {
    expect(niceCeil(3000)).toBe(3000);
    expect(niceCeil(2001)).toBe(2500);
    expect(niceCeil(600)).toBe(600);
    expect(niceCeil(100)).toBe(100);
    expect(niceCeil(101)).toBe(120);
    expect(niceCeil(9_000_001)).toBe(10_000_000);
  });
});
