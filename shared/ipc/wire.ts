/**
 * JSON for the web-preview bridge that keeps what Electron's structured clone keeps: typed arrays
 * (Float64Array) and non-finite numbers, so both targets hand the renderer the same values.
 * A Float64Array travels as base64 of its little-endian bytes: exact, NaN and ±Infinity included,
 * and several times faster to encode and parse than a JSON array of numbers (a 256² contour grid,
 * 16k-row path batches).
 */
type Special = { $f64: string } | { $num: string };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

function bytesOf(values: Float64Array): Uint8Array {
  // The array's own bytes where the machine is little-endian (every platform we ship on).
  if (littleEndian) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return bytes;
}

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = '='.charCodeAt(0);

/**
 * Standard base64. The output is built as character codes and turned into a string a slice at a
 * time: appending four characters per three bytes to a string is ten times slower.
 */
export function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = CODES[(n >> 18) & 63] as number;
    out[o++] = CODES[(n >> 12) & 63] as number;
    out[o++] = CODES[(n >> 6) & 63] as number;
    out[o++] = CODES[n & 63] as number;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] as number) << 16) | (rest > 1 ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = CODES[(n >> 18) & 63] as number;
    out[o++] = CODES[(n >> 12) & 63] as number;
    out[o++] = rest > 1 ? (CODES[(n >> 6) & 63] as number) : PAD;
    out[o++] = PAD;
  }
  const parts: string[] = [];
  for (let start = 0; start < out.length; start += 8192)
    // apply() takes the typed array as it is; spreading it would go through its iterator.
    parts.push(String.fromCharCode.apply(null, out.subarray(start, start + 8192) as unknown as number[]));
  return parts.join('');
}

export function fromBase64(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let p = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      ((DECODE[text.charCodeAt(i)] as number) << 18) |
      ((DECODE[text.charCodeAt(i + 1)] as number) << 12) |
      ((DECODE[text.charCodeAt(i + 2)] as number) << 6) |
      (DECODE[text.charCodeAt(i + 3)] as number);
    if (p < bytes.length) bytes[p++] = (n >> 16) & 255;
    if (p < bytes.length) bytes[p++] = (n >> 8) & 255;
    if (p < bytes.length) bytes[p++] = n & 255;
  }
  return bytes;
}

function float64sOf(text: string): Float64Array {
  const bytes = fromBase64(text);
  if (bytes.length % 8 !== 0) return new Float64Array(0);
  if (littleEndian) return new Float64Array(bytes.buffer, 0, bytes.length / 8);
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

/** `base64` may be the host's own encoder (Node's Buffer is several times faster than ours). */
export function encodeWire(value: unknown, base64: (bytes: Uint8Array) => string = toBase64): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float64Array) return { $f64: base64(bytesOf(v)) } satisfies Special;
    if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) } satisfies Special;
    return v;
  });
}

/** Replaces the special objects in a parsed value, in place where it can. */
function revive(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'object' && item !== null) v[i] = revive(item);
    }
    return v;
  }
  const record = v as Record<string, unknown>;
  if (typeof record.$f64 === 'string') return float64sOf(record.$f64);
  if (typeof record.$num === 'string') return Number(record.$num);
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'object' && item !== null) record[key] = revive(item);
  }
  return record;
}

/** JSON.parse, then one walk for the special objects: much faster than a reviver on large arrays. */
export function decodeWire(text: string): unknown {
  return revive(JSON.parse(text));
}
