import type { Language } from '../i18n';

/**
 * A run's default name, "Run 3 · adam". It is stored as written (in the language of the moment it
 * started) but read in every language, so the window can show it in the language shown now and a
 * session's numbering carries on whatever language its runs were named in.
 */
const TEMPLATES: Readonly<Record<Language, string>> = {
  en: 'Run {n} · {optimizer}',
  ja: '実行 {n} · {optimizer}',
};

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATTERNS = Object.values(TEMPLATES).map(
  (template) =>
    new RegExp(`^${escape(template).replace(escape('{n}'), '(\\d+)').replace(escape('{optimizer}'), '(.+)')}$`),
);

export function defaultRunName(language: Language, n: number, optimizer: string): string {
  return TEMPLATES[language].replace('{n}', String(n)).replace('{optimizer}', optimizer);
}

/** The number and optimizer of a default name, in any language; undefined for a name the user gave. */
export function parseRunName(name: string): { n: number; optimizer: string } | undefined {
  for (const pattern of PATTERNS) {
    const match = pattern.exec(name);
    if (match?.[1] && match[2]) return { n: Number(match[1]), optimizer: match[2] };
  }
  return undefined;
}

/** A name as the given language shows it: a default name re-worded, a name the user gave as it is. */
export function runNameIn(language: Language, name: string): string {
  const parsed = parseRunName(name);
  return parsed ? defaultRunName(language, parsed.n, parsed.optimizer) : name;
}
