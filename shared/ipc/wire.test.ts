import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, fromBase64, toBase64 } from './wire';

describe('the wire', () => {
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
});
