import { describe, expect, it } from 'vitest';
import en from './en';
import ja from './ja';
import { i18n, preferredLocale } from '.';

/** key → message, flattened ("playback.play" → "Play"). */
function flatten(messages: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(name, value);
    else for (const [k, v] of flatten(value as object, name)) out.set(k, v);
  }
  return out;
}

/** The names a message fills (once each: a plural's forms repeat them). */
const placeholders = (message: string): string[] =>
  [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();

describe('message catalogues', () => {
  const english = flatten(en);
  const japanese = flatten(ja);

  it('have the same keys in every language, none empty', () => {
    expect([...japanese.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, message] of japanese) expect(message.trim(), key).not.toBe('');
  });

  it("all compile and render (a literal | must be written {'|'})", () => {
    for (const locale of ['en', 'ja'] as const) {
      for (const [key, message] of locale === 'en' ? english : japanese) {
        const values = Object.fromEntries(placeholders(message).map((name) => [name, `<${name}>`]));
        const text = i18n.global.t(key, values, { locale });
        expect(text, `${locale} ${key}`).not.toBe(key);
        for (const name of Object.keys(values)) expect(text, `${locale} ${key}`).toContain(`<${name}>`);
      }
    }
  });

  it('render a literal | as itself', () => {
    expect(i18n.global.t('form.tolF', {}, { locale: 'en' })).toBe('Stop when |Δf| <');
  });

  it('use the same placeholders in every language', () => {
    for (const [key, message] of english)
      expect(placeholders(japanese.get(key) ?? ''), key).toEqual(placeholders(message));
  });

  it('are actually translated (optimizers and keys keep their proper names)', () => {
    const proper = (key: string): boolean => key.startsWith('optimizers.') || key.endsWith('.keys');
    const same = [...english].filter(
      ([key, message]) => !proper(key) && japanese.get(key) === message && /[a-z]{4}/i.test(message),
    );
    expect(same.map(([key]) => key)).toEqual([]);
  });
});

describe('the language', () => {
  it('follows the OS unless the user chose one', () => {
    expect(preferredLocale(null, ['ja-JP', 'en-US'])).toBe('ja');
    expect(preferredLocale(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(preferredLocale(null, ['fr-FR'])).toBe('en');
    expect(preferredLocale('en', ['ja-JP'])).toBe('en');
    expect(preferredLocale('xx', ['ja'])).toBe('ja');
  });
});
