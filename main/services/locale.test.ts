import { describe, expect, it } from 'vitest';
import { message } from '@shared/messages';
import { MainText, MAIN_TEXT } from './locale';

function flatten(node: object, prefix = ''): [string, string][] {
  return Object.entries(node).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : flatten(value as object, `${prefix}${key}.`),
  );
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe("main's own words", () => {
  it('have the same placeholders in English and Japanese', () => {
    const japanese = new Map(flatten(MAIN_TEXT.ja));
    for (const [key, text] of flatten(MAIN_TEXT.en))
      expect(placeholders(japanese.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('follow the language the window sets, and say when it changes', () => {
    const locale = new MainText();
    const heard: string[] = [];
    locale.onChange(() => heard.push(locale.language));
    expect(locale.text('untitled')).toBe('Untitled');
    locale.language = 'ja';
    locale.language = 'ja';
    expect(heard).toEqual(['ja']);
    expect(locale.text('untitled')).toBe('無題');
    expect(locale.text('menu.file')).toBe('ファイル(&F)');
    expect(locale.describe(message('file.notPng'))).toBe('グラフの画像が PNG ではありません');
  });
});
