import { describe, expect, it } from 'vitest';
import { formatTick, niceCeil } from './format';

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

describe('formatTick', () => {
  it('tells neighbouring ticks apart deep in a zoom, and keeps three digits otherwise', () => {
    const ticks = [1.0001, 1.0002, 1.0003];
    expect(new Set(ticks.map((v) => formatTick(v, 0.0001))).size).toBe(3);
    expect(formatTick(1.0002, 0.0001)).toBe('1.0002');
    expect(formatTick(2.5, 0.5)).toBe('2.5');
    expect(formatTick(123456)).toBe('1.23e5');
  });
});
