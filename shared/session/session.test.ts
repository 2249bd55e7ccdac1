import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, fromBase64, toBase64 } from '../ipc/wire';
import type { RunBatch } from '../engine/runner';
import { PathThinner, toPathBatch } from '../engine/thinning';
import { PathRecorder } from './path-recorder';
import { JsonNumberSchema, jsonNumber } from './run-record';

function run(fromStep: number, count: number): RunBatch {
  return {
    fromStep,
    count,
    dimension: 1,
    points: Float64Array.from({ length: count }, (_, k) => fromStep + k),
    values: Float64Array.from({ length: count }, (_, k) => (fromStep + k) * 2),
    gradientNorms: new Float64Array(count),
  };
}

function batch(fromStep: number, count: number): Parameters<PathRecorder['add']>[0] {
  return toPathBatch(run(fromStep, count));
}

describe('PathRecorder', () => {
  it('keeps every step up to its cap', () => {
    const recorder = new PathRecorder(1, 100);
    recorder.add(batch(0, 50));
    const path = recorder.result();
    expect(path.thinned).toBe(false);
    expect(path.steps).toEqual(Array.from({ length: 50 }, (_, k) => k));
  });

  it('thins evenly beyond the cap, always keeping the last point', () => {
    const recorder = new PathRecorder(1, 100);
    for (let from = 0; from < 1001; from += 77) recorder.add(batch(from, Math.min(77, 1001 - from)));
    const path = recorder.result();
    expect(path.thinned).toBe(true);
    expect(path.steps.length).toBeLessThanOrEqual(101);
    expect(path.steps[path.steps.length - 1]).toBe(1000);
    const gaps = new Set(path.steps.slice(1, -1).map((s, i) => s - (path.steps[i] ?? 0)));
    expect(gaps.size).toBe(1);
    expect(path.points).toEqual(path.steps);
  });
});

describe('PathThinner', () => {
  it('sends every step up to its cap, then every 2nd, 4th… step, and always the newest one', () => {
    const thinner = new PathThinner(1, 100);
    thinner.add(run(0, 150));
    const first = thinner.take();
    expect(Array.from(first.steps.subarray(0, 100))).toEqual(Array.from({ length: 100 }, (_, k) => k));
    expect(Array.from(first.steps.subarray(100))).toEqual([...Array.from({ length: 25 }, (_, k) => 100 + 2 * k), 149]);
    expect(Array.from(first.points)).toEqual(Array.from(first.steps));
    thinner.add(run(150, 1000));
    const second = thinner.take();
    expect(second.steps[second.count - 1]).toBe(1149);
    expect(second.count).toBeLessThan(400);
  });

  it('thins an already thinned stream as it would the raw steps (the window’s coarser stream)', () => {
    const coarse = new PathThinner(1, 32);
    const fine = new PathThinner(1, 256);
    const again = new PathThinner(1, 32);
    const direct: number[] = [];
    const twice: number[] = [];
    for (let from = 0; from < 20_000; from += 777) {
      const chunk = run(from, Math.min(777, 20_000 - from));
      coarse.add(chunk);
      direct.push(...coarse.take().steps);
      fine.add(chunk);
      again.add(fine.take());
      twice.push(...again.take().steps);
    }
    expect(twice).toEqual(direct);
    expect(direct.length).toBeLessThan(400);
  });

  it('keeps what the history recorder needs: the recorded path is the same thinned or not', () => {
    const direct = new PathRecorder(1, 64);
    const viaThinner = new PathRecorder(1, 64);
    const thinner = new PathThinner(1, 64);
    for (let from = 0; from < 5000; from += 333) {
      const chunk = run(from, Math.min(333, 5000 - from));
      direct.add(toPathBatch(chunk));
      thinner.add(chunk);
      viaThinner.add(thinner.take());
    }
    expect(viaThinner.result()).toEqual(direct.result());
  });
});

describe('wire and JSON numbers', () => {
  it('keep Float64Arrays and non-finite numbers across the web bridge', () => {
    const value = {
      a: Float64Array.from([1.5, Number.NaN, Number.POSITIVE_INFINITY, -0.1]),
      b: Number.NEGATIVE_INFINITY,
      c: [1, 'x'],
    };
    const decoded = decodeWire(encodeWire(value)) as typeof value;
    expect(decoded.a).toBeInstanceOf(Float64Array);
    expect(Array.from(decoded.a)).toEqual([1.5, Number.NaN, Number.POSITIVE_INFINITY, -0.1]);
    expect(decoded.b).toBe(Number.NEGATIVE_INFINITY);
    expect(decoded.c).toEqual([1, 'x']);
  });

  it('send typed arrays as standard base64, bit for bit (−0, NaN, a view into a larger buffer)', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(fromBase64(toBase64(bytes)))).toEqual(Array.from(bytes));
    }
    const whole = Float64Array.from([7, -0, Number.NaN, 1e-300, -Number.MAX_VALUE, 3]);
    const view = whole.subarray(1, 5);
    const decoded = decodeWire(encodeWire({ view })) as { view: Float64Array };
    expect(Object.is(decoded.view[0], -0)).toBe(true);
    expect(Array.from(decoded.view)).toEqual(Array.from(view));
  });

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
