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
    edit: '&Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: '&View',
    reload: 'Reload',
    forceReload: 'Force Reload',
    devTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Toggle Full Screen',
    window: '&Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    close: 'Close Window',
    front: 'Bring All to Front',
    help: '&Help',
    about: 'About Descent Lab',
    services: 'Services',
    hide: 'Hide Descent Lab',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit Descent Lab',
    exit: 'E&xit',
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
    oneAtATime: 'Descent Lab opens one session at a time: {opened} is open.',
    othersInRecent: 'The others are in File → Open Recent: {others}.',
    ok: 'OK',
  },
} as const;

const JA: Catalogue<typeof EN> = {
  untitled: '無題',
  untitledFile: '無題.dlab',
  readOnly: '{title}（読み取り専用）',
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
    edit: '編集(&E)',
    undo: '元に戻す',
    redo: 'やり直す',
    cut: '切り取り',
    copy: 'コピー',
    paste: '貼り付け',
    selectAll: 'すべて選択',
    view: '表示(&V)',
    reload: '再読み込み',
    forceReload: '強制再読み込み',
    devTools: '開発者ツールの切り替え',
    resetZoom: '実際のサイズ',
    zoomIn: '拡大',
    zoomOut: '縮小',
    fullScreen: 'フルスクリーンの切り替え',
    window: 'ウィンドウ(&W)',
    minimize: '最小化',
    zoom: 'ズーム',
    close: 'ウィンドウを閉じる',
    front: 'すべてを手前に移動',
    help: 'ヘルプ(&H)',
    about: 'Descent Lab について',
    services: 'サービス',
    hide: 'Descent Lab を隠す',
    hideOthers: 'ほかを隠す',
    unhide: 'すべてを表示',
    quit: 'Descent Lab を終了',
    exit: '終了(&X)',
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
    oneAtATime: 'Descent Lab が一度に開けるセッションは 1 つです。{opened} を開きました。',
    othersInRecent: 'ほかのファイルは「ファイル → 最近使ったファイル」にあります: {others}。',
    ok: 'OK',
  },
};

export const MAIN_TEXT: Readonly<Record<Language, Catalogue<typeof EN>>> = { en: EN, ja: JA };

export type MainTextKey = CatalogueKey<typeof EN>;

/** Main's own words (window title, menu, dialogs) in the language the window chose. */
export class MainText {
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
