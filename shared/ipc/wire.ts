/**
 * JSON for the web-preview bridge that keeps what Electron's structured clone keeps: typed arrays
 * (Float64Array) and non-finite numbers, so both targets hand the renderer the same values.
 */
type Special = { $f64: (number | string)[] } | { $num: string };

function encodeNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float64Array) return { $f64: Array.from(v, encodeNumber) } satisfies Special;
    if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) } satisfies Special;
    return v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const special = v as Partial<{ $f64: unknown; $num: unknown }>;
      if (Array.isArray(special.$f64)) return Float64Array.from(special.$f64, (x) => Number(x));
      if (typeof special.$num === 'string') return Number(special.$num);
    }
    return v;
  });
}
