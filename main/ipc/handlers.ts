import { checkSpec } from '@shared/engine/runner';
import type { HandlerTable } from '@shared/ipc/contract';
import { pathColumns } from '@shared/session/run-record';
import type { RunService } from '../services/run-service';
import type { SessionService } from '../services/session-service';
import type { Locale } from '../services/locale';
import type { SessionStore } from '../services/session-store';

/**
 * The handler table behind every IPC message. Electron's ipcMain and the web-preview bridge both
 * serve exactly this table through `dispatch`, which validates requests first.
 */
export function createHandlers(
  runs: RunService,
  sessions: SessionService,
  store: SessionStore,
  locale: Locale,
): HandlerTable {
  return {
    startRun: async (spec) => {
      // checkSpec throws UserErrors (a bad function, a wrong start point): dispatch replies with them.
      const dimension = checkSpec(spec).variables.length;
      const runId = runs.start(spec, dimension);
      return { runId, name: store.get(runId)?.name ?? '' };
    },
    cancelRun: async ({ runId }) => ({ cancelled: runs.cancel(runId) }),
    listRuns: async () => runs.list(),
    getRun: async ({ runId }) => {
      const { path, ...run } = runs.get(runId);
      return path ? { ...run, path: pathColumns(path) } : run;
    },
    inspectStep: ({ spec, step }) => runs.inspectStep(spec, step),
    getSession: async () => ({ state: store.state(), form: store.getForm() }),
    setForm: async (form) => {
      store.setForm(form);
      return store.state();
    },
    newSession: async () => {
      runs.cancelAll();
      return sessions.newSession();
    },
    openSession: async ({ path }) => {
      runs.cancelAll();
      return sessions.open(path);
    },
    openSessionText: async ({ name, text }) => {
      runs.cancelAll();
      return sessions.openText(name, text);
    },
    saveSession: (options) => sessions.save(options),
    revertSession: async () => {
      runs.cancelAll();
      return sessions.revert();
    },
    listRecent: async () => sessions.recentFiles(),
    dismissRestore: async () => {
      store.dismissRestore();
      return store.state();
    },
    exportRun: ({ runId, path }) => sessions.exportRun(runId, path),
    exportSession: ({ path }) => sessions.exportSession(path),
    exportImage: ({ name, png, path }) => sessions.exportImage(name, png, path),
    updateRun: async ({ runId, ...changes }) => runs.update(runId, changes),
    deleteRun: async ({ runId }) => runs.remove(runId),
    restoreRun: async (record) => runs.restore(record),
    setLanguage: async ({ language }) => {
      locale.language = language;
      return store.state();
    },
  };
}
