import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../ipc/wire';
import {
  JsonNumberSchema,
  RunRecordJsonSchema,
  RunRecordSchema,
  jsonNumber,
  recordFromJson,
  recordToJson,
} from './run-record';

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

describe('a run’s path', () => {
  const path = {
    count: 3,
    dimension: 2,
    thinned: true,
    steps: Float64Array.of(0, 4, 8),
    points: Float64Array.of(-3, 4, -0, 1e-300, Number.NaN, 2),
    values: Float64Array.of(25, Number.POSITIVE_INFINITY, 1),
    gradientNorms: Float64Array.of(10, -0, 0.5),
  };
  const listing = {
    id: 'r1',
    name: 'Run 1',
    createdAt: new Date(0).toISOString(),
    spec: { expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } },
    status: 'max-steps',
  };

  it('comes back from IPC (Undo of a delete) as the columns it was, checked to fit each other', () => {
    const back = RunRecordSchema.parse(decodeWire(encodeWire({ ...listing, path })));
    expect(back.path).toEqual(path);
    const refused = RunRecordSchema.safeParse({ ...listing, path: { ...path, points: Float64Array.of(1, 2, 3) } });
    expect(refused.success).toBe(false);
    expect(RunRecordSchema.safeParse({ ...listing, path: { ...path, steps: [0, 4, 8] } }).success).toBe(false);
  });

  it('goes to the JSON form and back without losing a row or a special number', () => {
    const record = { ...RunRecordSchema.parse({ ...listing, path }) };
    const json = recordToJson(record);
    expect(json.path?.steps).toEqual([0, 4, 8]);
    const reread = RunRecordJsonSchema.parse(
      JSON.parse(JSON.stringify(json, (_k, v: unknown) => (typeof v === 'number' ? jsonNumber(v) : v))),
    );
    // JSON has no −0: it reads back as 0.
    expect(recordFromJson(reread).path).toEqual({
      ...path,
      points: Float64Array.of(-3, 4, 0, 1e-300, Number.NaN, 2),
      gradientNorms: Float64Array.of(10, 0, 0.5),
    });
  });
});
