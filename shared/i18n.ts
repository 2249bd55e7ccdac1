import { FIELDS, MESSAGES, catalogueLookup, formatMessage, type Lookup, type Message } from './messages';
import { FIELDS_JA, MESSAGES_JA } from './messages.ja';

/** The languages Descent Lab speaks. The window picks one (the OS's by default) and tells main. */
export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

const LOOKUPS: Readonly<Record<Language, Lookup>> = {
  en: catalogueLookup(MESSAGES, FIELDS),
  ja: catalogueLookup(MESSAGES_JA, FIELDS_JA),
};

/** A message in the given language (English for a code that language lacks). */
export function messageIn(language: Language, m: Message): string {
  return formatMessage(m, LOOKUPS[language]);
}
