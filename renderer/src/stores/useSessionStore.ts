import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { SessionState } from '@shared/session/state';
import { isDesktop, useHostApi } from '../api/client';
import { currentLocale, i18n, setLocale, type Language } from '../i18n';
import { useExperimentStore } from './useExperimentStore';
import { useNoticeStore } from './useNoticeStore';
import { useRunsStore } from './useRunsStore';
import { MAX_SESSION_TEXT } from '@shared/limits';
import { message as userMessage, type Result } from '@shared/messages';

export type PathRequest = {
  kind: 'open' | 'save' | 'export-run' | 'export-session' | 'export-image';
  runId?: string;
  image?: { name: string; png: string };
};

/**
 * The session document as the window sees it: title, unsaved marker, the restore offer, and the
 * File actions. The form is sent to main as it changes (debounced), so main's session — and its
 * autosave — always holds what is on screen.
 */
export const useSessionStore = defineStore('session', () => {
  const api = useHostApi();
  const experiment = useExperimentStore();
  const runs = useRunsStore();
  const state = ref<SessionState>({
    filePath: undefined,
    title: 'Untitled',
    dirty: false,
    readOnly: false,
    restorable: 0,
    notice: undefined,
  });
  const notices = useNoticeStore();
  /** The web preview has no native dialogs: it asks for a path in the page. */
  const pathRequest = ref<PathRequest | undefined>();
  /** The web preview's folder for files (paths typed in the page must lie in it). */
  const filesFolder = ref<string | undefined>();
  let applying = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function show(next: SessionState): void {
    state.value = next;
    document.title = `${next.title} — Descent Lab`;
  }

  async function loadDocument(): Promise<void> {
    const result = await api.getSession({});
    if (!result.ok) {
      notices.fail(result.error);
      return;
    }
    show(result.value.state);
    filesFolder.value = result.value.filesFolder;
    // A document without a form (a new one) gets the new-session form, not what was on screen.
    const form = result.value.form;
    applying = true;
    if (form) experiment.applyForm(form);
    else experiment.resetForm();
    // Let the watcher see the applied form without sending it back as a change.
    setTimeout(() => (applying = false), 0);
  }

  /** Main words the title, run names, menus and dialogs: it is told the window's language. */
  async function tellLanguage(language: Language): Promise<void> {
    const result = await api.setLanguage({ language });
    if (result.ok) show(result.value);
  }

  /** The language chosen in the header: the window's, and main's, and remembered. */
  async function setLanguage(language: Language): Promise<void> {
    setLocale(language);
    await tellLanguage(language);
  }

  async function init(): Promise<void> {
    api.onSessionChanged((next) => show(next));
    await Promise.all([tellLanguage(currentLocale()), loadDocument()]);
    watch(
      () => experiment.formState,
      (form) => {
        if (applying) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void api.setForm(form), 250);
      },
      { deep: true },
    );
  }

  /** After New, Open or Revert: the form and history come from the new document. */
  async function adopt(result: Result<SessionState | { cancelled: true }>): Promise<void> {
    if (!result.ok) {
      notices.fail(result.error);
      return;
    }
    if ('cancelled' in result.value) return;
    notices.clearError();
    if (timer) clearTimeout(timer);
    await loadDocument();
    await runs.reload();
  }

  async function newSession(): Promise<void> {
    const title = state.value.title.replace(/ •$/, '');
    if (state.value.dirty && !window.confirm(i18n.global.t('session.discard', { title }))) return;
    await adopt(await api.newSession({}));
  }

  async function open(path?: string): Promise<void> {
    if (!path && !isDesktop()) {
      pathRequest.value = { kind: 'open' };
      return;
    }
    await adopt(await api.openSession(path ? { path } : {}));
  }

  async function openDropped(file: File): Promise<void> {
    // The desktop app opens the file itself, so Save writes back to it; the web preview opens
    // its bytes as a new untitled session. A file that is not on disk (a drag from a browser
    // into the desktop app has no path) opens by its text, also untitled.
    const result = await api.openDroppedSession(file);
    if (result.ok || result.error.code !== 'file.notOnDisk') {
      await adopt(result);
      return;
    }
    // A SQLite session is opened from disk only; its bytes are not text to parse.
    if ((await file.slice(0, 16).text()).startsWith('SQLite format 3')) {
      notices.fail(result.error);
      return;
    }
    if (file.size > MAX_SESSION_TEXT) {
      notices.fail(userMessage('file.tooLarge', { name: file.name, limit: MAX_SESSION_TEXT / 1024 ** 2 }));
      return;
    }
    await adopt(await api.openSessionText({ name: file.name, text: await file.text() }));
  }

  async function save(options: { saveAs?: boolean; path?: string } = {}): Promise<void> {
    const needsPath = !options.path && (options.saveAs || !state.value.filePath || state.value.readOnly);
    if (needsPath && !isDesktop()) {
      pathRequest.value = { kind: 'save' };
      return;
    }
    if (timer) {
      // Send the last keystrokes before saving.
      clearTimeout(timer);
      await api.setForm(experiment.formState);
    }
    const result = await api.saveSession(options);
    if (!result.ok) notices.fail(result.error);
    else if (!('cancelled' in result.value)) {
      notices.note({ key: 'app.saved', params: { name: result.value.title } });
    }
  }

  /** Back to the file as saved: the unsaved changes are lost, so it asks first (as New does). */
  async function revert(): Promise<void> {
    const title = state.value.title.replace(/ •$/, '');
    if (state.value.dirty && !window.confirm(i18n.global.t('session.revertConfirm', { title }))) return;
    await adopt(await api.revertSession({}));
  }

  async function exportRun(runId: string, path?: string): Promise<void> {
    if (!path && !isDesktop()) {
      pathRequest.value = { kind: 'export-run', runId };
      return;
    }
    const result = await api.exportRun(path ? { runId, path } : { runId });
    if (!result.ok) notices.fail(result.error);
    else if ('path' in result.value) notices.note({ key: 'app.exported', params: { path: result.value.path } });
  }

  /** Saves a chart (a PNG data URL from its canvas) as a file. */
  async function exportImage(name: string, dataUrl: string, path?: string): Promise<void> {
    const png = dataUrl.replace(/^data:image\/png;base64,/, '');
    if (!path && !isDesktop()) {
      pathRequest.value = { kind: 'export-image', image: { name, png } };
      return;
    }
    const result = await api.exportImage(path ? { name, png, path } : { name, png });
    if (!result.ok) notices.fail(result.error);
    else if ('path' in result.value) notices.note({ key: 'app.exported', params: { path: result.value.path } });
  }

  async function exportSession(path?: string): Promise<void> {
    if (!path && !isDesktop()) {
      pathRequest.value = { kind: 'export-session' };
      return;
    }
    const result = await api.exportSession(path ? { path } : {});
    if (!result.ok) notices.fail(result.error);
    else if ('path' in result.value) notices.note({ key: 'app.exported', params: { path: result.value.path } });
  }

  /** The path typed into the page's file dialog (web preview). */
  async function answerPath(typed: string | undefined): Promise<void> {
    const request = pathRequest.value;
    pathRequest.value = undefined;
    if (!request || !typed) return;
    // A bare file name means one in the preview's folder, as a dialog opened there would take it.
    const folder = filesFolder.value;
    const bare = !/[/\\]/.test(typed);
    const path =
      bare && folder ? `${folder.replace(/[/\\]$/, '')}${folder.includes('\\') ? '\\' : '/'}${typed}` : typed;
    if (request.kind === 'open') await open(path);
    else if (request.kind === 'save') await save({ path });
    else if (request.kind === 'export-run' && request.runId) await exportRun(request.runId, path);
    else if (request.kind === 'export-session') await exportSession(path);
    else if (request.kind === 'export-image' && request.image)
      await exportImage(request.image.name, request.image.png, path);
  }

  async function keepRestored(): Promise<void> {
    const result = await api.dismissRestore({});
    if (result.ok) show(result.value);
  }

  async function discardRestored(): Promise<void> {
    await adopt(await api.newSession({}));
  }

  return {
    /** In the desktop app: native menus and dialogs; in the web preview the page stands in for them. */
    desktop: isDesktop(),
    state,
    pathRequest,
    filesFolder,
    init,
    setLanguage,
    newSession,
    open,
    openDropped,
    save,
    revert,
    exportRun,
    exportImage,
    exportSession,
    answerPath,
    keepRestored,
    discardRestored,
  };
});
