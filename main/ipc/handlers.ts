import type { HandlerTable } from '@shared/ipc/contract';
import type { RunService } from '../services/run-service';
import type { SessionService } from '../services/session-service';
import type { MainText } from '../services/locale';
import type { SessionStore } from '../services/session-store';
import { checkPath, type FileAccess, type FileKind } from '../services/file-access';
import { UserError, message } from '@shared/messages';

/**
 * The handler table behind every IPC message. Electron's ipcMain and the web-preview bridge both
 * serve exactly this table through `dispatch`, which validates requests first.
 */
export function createHandlers(
  runs: RunService,
  sessions: SessionService,
  store: SessionStore,
  locale: MainText,
  access: FileAccess,
): HandlerTable {
  // Every path the page names passes the host's rule first (see FileAccess).
  const fromPage = (file: string | undefined, kind: FileKind): Promise<string | undefined> =>
    file === undefined ? Promise.resolve(undefined) : access.fromPage(file, kind);
  return {
    // A bad function or a wrong start point throws a UserError, which dispatch replies with.
    startRun: (spec) => runs.start(spec),
    cancelRun: async ({ runId }) => ({ cancelled: runs.cancel(runId) }),
    listRuns: async () => runs.list(),
    getRun: async ({ runId }) => runs.get(runId),
    inspectStep: ({ runId, step }) => runs.inspectStep(runId, step),
    getSession: async () => ({
      state: store.state(),
      form: store.getForm(),
      ...(access.folder ? { filesFolder: access.folder } : {}),
    }),
    setForm: async (form) => {
      await store.setForm(form);
      return store.state();
    },
    newSession: async () => {
      runs.cancelAll();
      return sessions.newSession();
    },
    openSession: async ({ path }) => {
      const file = await fromPage(path, 'session');
      runs.cancelAll();
      return sessions.open(file);
    },
    openDroppedSession: async ({ name, path }) => {
      // Sent by the preload with the path Electron resolved for a File the user dropped: a
      // file the user chose, as a dialog's would be.
      if (!path) throw new UserError(message('file.notOnDisk', { name }));
      const file = checkPath(path, 'session');
      access.grant(file);
      runs.cancelAll();
      return sessions.open(file);
    },
    openSessionText: async ({ name, text }) => {
      runs.cancelAll();
      return sessions.openText(name, text);
    },
    saveSession: async ({ path, saveAs }) => sessions.save({ path: await fromPage(path, 'session'), saveAs }),
    revertSession: async () => {
      runs.cancelAll();
      return sessions.revert();
    },
    listRecent: async () => sessions.recentFiles(),
    dismissRestore: async () => {
      store.dismissRestore();
      return store.state();
    },
    exportRun: async ({ runId, path }) => sessions.exportRun(runId, await fromPage(path, 'csv')),
    exportSession: async ({ path }) => sessions.exportSession(await fromPage(path, 'json')),
    exportImage: async ({ name, png, path }) => sessions.exportImage(name, png, await fromPage(path, 'png')),
    updateRun: async ({ runId, ...changes }) => runs.update(runId, changes),
    deleteRun: async ({ runId }) => runs.remove(runId),
    restoreRun: async (record) => runs.restore(record),
    setLanguage: async ({ language }) => {
      locale.language = language;
      return store.state();
    },
  };
}
