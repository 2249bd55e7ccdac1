import { messageIn, type Language } from '@shared/i18n';
import { fill, type Catalogue, type CatalogueKey, type Message } from '@shared/messages';

/**
 * What main itself words: the window title, default names, the native menu and dialogs. The
 * window tells main its language (the OS's, or the one chosen in the header) through IPC.
 */
const EN = {
  untitled: 'Untitled',
  untitledFile: 'Untitled.dlab',
  readOnly: '{title} (read-only)',
  runName: 'Run {n} · {optimizer}',
  menu: {
    file: '&File',
    new: 'New',
    open: 'Open…',
    openRecent: 'Open Recent',
    noRecent: 'No recent files',
    save: 'Save',
    saveAs: 'Save As…',
    export: 'Export…',
    exportSession: 'Session as JSON…',
    exportRun: 'Newest run as CSV…',
    revert: 'Revert',
    web: 'Descent Lab on the web',
  },
  dialog: {
    session: 'Descent Lab session',
    csv: 'CSV',
    json: 'JSON',
    png: 'PNG image',
    save: 'Save',
    dontSave: "Don't Save",
    cancel: 'Cancel',
    unsaved: 'Do you want to save the changes to {name}?',
    unsavedDetail: 'Your changes will be lost if you don’t save them.',
  },
} as const;

const JA: Catalogue<typeof EN> = {
  untitled: '無題',
  untitledFile: '無題.dlab',
  readOnly: '{title}（読み取り専用）',
  runName: '実行 {n} · {optimizer}',
  menu: {
    file: 'ファイル(&F)',
    new: '新規',
    open: '開く…',
    openRecent: '最近使ったファイル',
    noRecent: '最近使ったファイルはありません',
    save: '保存',
    saveAs: '名前を付けて保存…',
    export: '書き出し…',
    exportSession: 'セッションを JSON で…',
    exportRun: '最新の実行を CSV で…',
    revert: '保存した状態に戻す',
    web: 'Descent Lab のウェブサイト',
  },
  dialog: {
    session: 'Descent Lab セッション',
    csv: 'CSV',
    json: 'JSON',
    png: 'PNG 画像',
    save: '保存',
    dontSave: '保存しない',
    cancel: 'キャンセル',
    unsaved: '{name} への変更を保存しますか？',
    unsavedDetail: '保存しないと変更は失われます。',
  },
};

export const MAIN_TEXT: Readonly<Record<Language, Catalogue<typeof EN>>> = { en: EN, ja: JA };

export type MainTextKey = CatalogueKey<typeof EN>;

export class Locale {
  private current: Language = 'en';
  private readonly listeners = new Set<() => void>();

  get language(): Language {
    return this.current;
  }

  set language(language: Language) {
    if (language === this.current) return;
    this.current = language;
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One of main's own strings in the current language. */
  text(key: MainTextKey, params: Readonly<Record<string, string | number>> = {}): string {
    let node: unknown = MAIN_TEXT[this.current];
    for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
    return fill(node as string, params);
  }

  /** A shared message (an error, a run's reason) in the current language. */
  describe(m: Message): string {
    return messageIn(this.current, m);
  }
}
