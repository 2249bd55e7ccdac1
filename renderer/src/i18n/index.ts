import { createI18n } from 'vue-i18n';
import { LANGUAGES, isLanguage, messageIn, type Language } from '@shared/i18n';
import type { Message } from '@shared/messages';
import en from './en';
import ja from './ja';

/** The window's languages: the ones shared/ and main/ have catalogues for. */
export { LANGUAGES, type Language };
export type MessageSchema = typeof en;

/** Each language's own name, for the switcher. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', ja: '日本語' };

const STORAGE_KEY = 'descent-lab.locale';

/** The user's choice if they made one, else the OS (browser) language, else English. */
export function preferredLocale(
  stored: string | null = safeStorage()?.getItem(STORAGE_KEY) ?? null,
  languages: readonly string[] = navigator.languages,
): Language {
  if (isLanguage(stored)) return stored;
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Every string of the window comes from these catalogues. vue-i18n ≥ 10 compiles messages
 * just in time to an AST it interprets, so the strict CSP (no 'unsafe-eval') holds.
 */
export const i18n = createI18n<[MessageSchema], Language, false>({
  legacy: false,
  locale: preferredLocale(),
  fallbackLocale: 'en',
  messages: { en, ja },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Language): void {
  i18n.global.locale.value = locale;
  safeStorage()?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export function currentLocale(): Language {
  return i18n.global.locale.value;
}

/**
 * A message from shared/ or main/ (an error, a run's reason) in the window's language. Reading
 * the locale here makes a template that shows one re-render when the language changes.
 */
export function say(message: Message): string {
  return messageIn(currentLocale(), message);
}
