import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../ipc/wire';
import { JsonNumberSchema, jsonNumber } from './run-record';

describe('JSON numbers', () => {
  it('round-trip NaN and ±Infinity through session JSON', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.25]) {
      expect(JsonNumberSchema.parse(JSON.parse(JSON.stringify(jsonNumber(value))))).toBe(value);
    }
  });

  it('take non-finite numbers as numbers too: a deleted run’s record comes back over IPC that way (Undo)', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(JsonNumberSchema.parse(value)).toBe(value);
      expect(JsonNumberSchema.parse(decodeWire(encodeWire(value)))).toBe(value);
    }
    expect(JsonNumberSchema.safeParse('1').success).toBe(false);
  });
});
